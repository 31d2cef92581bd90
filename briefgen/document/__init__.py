"""The format-neutral document model (`nodes`) and the layout step that builds it (`layout`)."""
