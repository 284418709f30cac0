"""The ``wushe`` command: run, migrate and supervise the gateway and the three services."""
