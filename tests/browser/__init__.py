"""Browser tests. A package, so that its conftest and test modules do not take the plain
module names ("conftest", "test_journeys") the other test folders import by."""
