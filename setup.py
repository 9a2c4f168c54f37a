"""Install the kg package and its `kg` command."""
from setuptools import find_packages, setup

setup(
    name="kg",
    version="0.1.0",
    description="A knowledge graph of directives and legal references from Vietnamese government documents",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["kg", "kg.*", "viz", "viz.*"]) + ["kg.ontology"],
    # The ontology lives at the top level (ontology/) and is installed as kg.ontology.
    package_dir={"kg.ontology": "ontology"},
    package_data={
        "kg": ["patterns/*", "queries/*.rq"],
        "kg.ontology": ["*.ttl", "*.md"],
        "viz": ["assets/*"],
    },
    install_requires=[
        "click>=8.1",
        "spacy>=3.7,<4",
        "rdflib>=7.0",
        "pyoxigraph>=0.5,<0.6",
        "oxrdflib>=0.5",
        "networkx>=3.2",
        "pyvis>=0.3.2",
        "python-docx>=1.1",
        "pdfplumber>=0.11",
        "beautifulsoup4>=4.12",
        "pyshacl>=0.26",
        "starlette>=0.37",
        "uvicorn>=0.29",
        "tqdm>=4.66",
    ],
    extras_require={
        "vi": ["pyvi"],
        "test": ["pytest>=8", "SPARQLWrapper>=2", "httpx>=0.27", "playwright>=1.44", "reportlab>=4"],
    },
    entry_points={"console_scripts": ["kg=kg.cli:main"]},
)
