"""The one version string: the library's, the data package's and CITATION.cff's.

At the bottom of the package so that every module can read it without importing the package
from inside it (``from ._version import __version__``).
"""

__version__ = "0.3.0"
