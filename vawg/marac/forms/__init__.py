"""MARAC forms, one module per journey. They validate what was typed; the services decide. Nothing is
re-exported here: import the module (``from vawg.marac.forms import meetings``)."""
