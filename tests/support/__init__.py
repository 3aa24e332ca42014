"""What tests share: one scripted feed, one way to wait and one way to run a coroutine
(waiting.py), the Qt fixtures (fixtures.py, a pytest plugin loaded by tests/conftest.py),
the window runner and the helpers several test modules use, so that no test module
imports another. Qt is imported only by the modules that need it."""
