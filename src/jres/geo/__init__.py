"""French geography: regions, departments, communes, postal codes, and geocoding."""
