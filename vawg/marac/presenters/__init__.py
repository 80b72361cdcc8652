"""Display values for MARAC pages, one module per area. Nothing is re-exported here: import the module
(``from vawg.marac.presenters import minutes``)."""
