"""Build mHMDB51 annotation lists (motion type labels) from HMDB51 lists.

Example::

    python tools/data/mhmdb51/build_mhmdb51.py \
        --ann-in data/hmdb51/hmdb51_train_split_1_videos.txt \
                 data/hmdb51/hmdb51_val_split_1_videos.txt \
        --out-dir data/mhmdb51
"""
import argparse

from mmssl.apis import exit_on_user_error
from mmssl.datasets.mhmdb51 import (MAPPING_FILE, build_mhmdb51,
                                    load_class_names)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Relabel HMDB51 annotation lists with the five mHMDB51 '
        'motion types')
    parser.add_argument(
        '--ann-in',
        nargs='+',
        required=True,
        help='HMDB51 annotation lists ("<path> [<num_frames>] <label>" '
        'lines, labels 0-50)')
    parser.add_argument(
        '--out-dir', required=True, help='folder for the mHMDB51 lists')
    parser.add_argument(
        '--classes',
        help='HMDB51 class list: one name per line or "<id> <name>" lines '
        '(classInd.txt); default: the 51 class names in alphabetical order')
    parser.add_argument(
        '--mapping',
        default=MAPPING_FILE,
        help='class -> motion type table (default: the one shipped with '
        'mmssl, TransRank appendix Table 10)')
    return parser.parse_args()


@exit_on_user_error
def main():
    args = parse_args()
    class_names = load_class_names(args.classes) if args.classes else None
    out_files = build_mhmdb51(args.ann_in, args.out_dir, class_names,
                              args.mapping)
    for in_file, out_file in zip(args.ann_in, out_files):
        print(f'{in_file} -> {out_file}')


if __name__ == '__main__':
    main()
