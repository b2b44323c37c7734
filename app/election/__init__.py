"""The election model: the election, its rule set, communities, places, contests and candidates."""
