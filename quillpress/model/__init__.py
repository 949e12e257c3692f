"""The site model: documents, the site's collections, routes and the generators making them."""
