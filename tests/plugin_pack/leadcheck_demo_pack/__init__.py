"""A sample leadcheck rule pack: the tests install it through an entry point."""
