"""The infcheck language server: infcheck's engine behind the Language Server Protocol."""
