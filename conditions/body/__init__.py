"""The body diagram: its shapes (geometry) and their SVG drawing, free of Django."""
