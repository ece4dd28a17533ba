"""The portal: people sign in and do their work in the browser; it calls the services on their behalf."""
