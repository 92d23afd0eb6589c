"""The JRES platform: the web platform of the Journée du Refus de l'Échec Scolaire."""
