"""aggregate stage of the pipeline."""
