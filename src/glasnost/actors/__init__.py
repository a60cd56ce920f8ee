"""Actor rules the actors layer and the corpus graph share: name keys, merging and the gazetteer."""
