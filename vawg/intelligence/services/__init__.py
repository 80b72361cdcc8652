"""Services of the intelligence app, one module per part (harm, serial, police, linkage, rfg, matac)."""
