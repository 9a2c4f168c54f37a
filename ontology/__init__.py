"""The kg ontology (kg.ttl) and its SHACL shapes (shapes.ttl), installed as the package ``kg.ontology``."""
from pathlib import Path

ONTOLOGY = Path(__file__).with_name("kg.ttl")
SHAPES = Path(__file__).with_name("shapes.ttl")
