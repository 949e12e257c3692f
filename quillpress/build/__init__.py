"""The pipeline (source → render → site → routes → write) and what it keeps between builds."""
