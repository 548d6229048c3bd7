"""Actors: who acts — gazetteers of states, IGOs and office holders (data/), and the resolver that reads noun phrases."""
