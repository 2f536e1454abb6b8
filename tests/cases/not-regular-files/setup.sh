# Entries named *.yaml in submissions/ that are not regular files: each must be reported,
# none may hang the run (a FIFO), eat memory (a link to /dev/zero) or vanish silently.
set -e
cd submissions
mkfifo fifo.yaml
ln -s /dev/zero zero.yaml
ln -s no-such-file.yaml broken.yaml
ln -s loop.yaml loop.yaml
mkdir folder.yaml
python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('socket.yaml')"
# an interrupted write left its temporary file beside the submission
cp so-a.yaml .so-a.yaml.k3x9q2ab.tmp
