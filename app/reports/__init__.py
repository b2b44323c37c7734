"""Printed documents (PDF): the posted voter list, voter cards, and the page furniture they share."""
