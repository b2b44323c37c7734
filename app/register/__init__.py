"""The voter register: ID numbers, import and validation, maintenance, lookup, voter cards."""
