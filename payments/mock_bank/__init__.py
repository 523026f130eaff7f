"""A mock bank: a real HTTP service that behaves like a bank's payment API, faults included."""
