# For sphinx-intl only: it looks for a conf.py to find the catalogs, so that
# `sphinx-intl update -p locales/templates -l <lang>` works from the project folder.
# samizdat does not read this file (its Sphinx configuration is curriculum/curriculum.yaml).
locale_dirs = ["locales"]
