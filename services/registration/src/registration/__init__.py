"""Registration service: the org tree, rounds and what units submit into them."""
