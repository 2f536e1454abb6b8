# A FIFO named on the command line used to block the run forever, waiting for a writer.
mkfifo submissions/so-b.yaml
