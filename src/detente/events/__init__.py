"""Events: the trigger lexicon (data/triggers.yaml) and the dependency rules that find who did what to whom."""
