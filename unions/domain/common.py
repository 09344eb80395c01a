from unionsite.shortcuts import require  # noqa: F401  (re-exported: the unions domain checks with it)
