"""tender: after-sales service commitments as data → bid-ready documents, a website and PDFs."""

__version__ = "0.1.0"
