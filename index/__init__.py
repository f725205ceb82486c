"""The index of meeting notes and e-mails: ingestion, chunking, embeddings, retrieval, sentiment."""
