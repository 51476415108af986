"""Streamlit-side helpers shared by the pages: caching wrappers and display widgets."""
