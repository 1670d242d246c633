"""The test kit: builders, fakes and helpers shared by the tests."""
