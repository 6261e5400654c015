// Body Map progressive enhancement (htmx does the swapping).
