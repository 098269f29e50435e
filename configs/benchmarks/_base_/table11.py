# Full-scale schedule of the downstream protocols (TransRank appendix A.2,
# Table 11): SGD momentum 0.9, weight decay 1e-4, 100 epochs, lr x0.1 at
# epochs 60 and 80 (configs/_base_/schedules/sgd_multistep_100e.py), the
# initial lr swept over {0.01, 0.02, 0.04, 0.08, 0.16} by tools/lr_sweep.py;
# the loaders (16 videos per GPU) come from the dataset bases. The CPU-sized
# counterpart is configs/_base_/toy_cpu.py.
#
# The validation list of UCF101, HMDB51 and mHMDB51 is their test list, so no
# checkpoint is selected on it: a protocol reports its last epoch, and
# checkpoints are kept every 5 epochs and at the end.
_base_ = [
    '../../_base_/schedules/sgd_multistep_100e.py',
    '../../_base_/default_runtime.py'
]

default_hooks = dict(checkpoint=dict(interval=5))
