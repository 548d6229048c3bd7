"""A small sample that ships with detente: original news-style text on Japan, the USSR/Russia and the US, used by `detente demo`."""
