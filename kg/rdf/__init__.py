"""kg's RDF: fact records -> an RDF dataset, its files, its store and SPARQL over them.

- :mod:`kg.rdf.terms`: vocabularies, literals, the classes of actors and events (IRIs are
  minted by :mod:`kg.namespaces`)
- :mod:`kg.rdf.labels`: merged events' labels as English headlines
- :mod:`kg.rdf.build`: the dataset of fact records, article by article; event clustering
- :mod:`kg.rdf.serialize`: one serializer per format (N-Quads, TriG and Turtle, JSON-LD)
- :mod:`kg.rdf.store`: the Oxigraph store of a build
- :mod:`kg.rdf.query`: SPARQL on the store or on a graph file
"""
