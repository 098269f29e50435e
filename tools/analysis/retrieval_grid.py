"""Draw retrieval results: a query video and its nearest gallery videos.

Reads the feature files written by ``RetrievalTestLoop``
(``{feature_dir}/{query,gallery}_{modality}.pth``, which also list the
videos' paths), ranks the gallery for each chosen query (several modalities
are fused by averaging their cosine similarities) and writes one PNG per
query: the middle frame of the query, then those of its top-k neighbours,
each captioned with its class and similarity and framed green when its class
is the query's, red otherwise.

Example:
    python tools/analysis/retrieval_grid.py \\
        work_dirs/retrieval_ucf101/features work_dirs/retrieval_ucf101/grids \\
        --modalities rgb rgbdiff --queries 0 100 2000 --topk 5 \\
        --class-names data/ucf101/annotations/classInd.txt
"""
import argparse
import os
import os.path as osp
from typing import List, Optional, Sequence

import cv2
import decord
import numpy as np

from mmssl.apis import exit_on_user_error
from mmssl.errors import ConfigValueError
from mmssl.evaluation.feature_extraction import feature_file, load_features
from mmssl.evaluation.functional import knn_search

QUERY_COLOUR = (255, 160, 0)  # RGB
HIT_COLOUR = (40, 180, 40)
MISS_COLOUR = (220, 40, 40)
BORDER = 4
CAPTION_HEIGHT = 36


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Draw retrieval grids')
    parser.add_argument('feature_dir', help='folder of the feature files')
    parser.add_argument('out_dir', help='folder for the PNG files')
    parser.add_argument(
        '--modalities',
        nargs='+',
        default=['rgb'],
        help='feature files to fuse (default: rgb)')
    parser.add_argument(
        '--queries',
        nargs='+',
        type=int,
        default=[0],
        help='indices of the query videos to draw (default: 0)')
    parser.add_argument('--topk', type=int, default=5)
    parser.add_argument(
        '--video-root',
        default='',
        help='prefix of the stored video paths when they are relative')
    parser.add_argument(
        '--class-names',
        help='text file with one class per line in label order; the last '
        'word of a line is the name (UCF101 classInd.txt works)')
    parser.add_argument(
        '--cell-size',
        nargs=2,
        type=int,
        default=[160, 120],
        metavar=('WIDTH', 'HEIGHT'),
        help='size of each frame in the grid (default: 160 120)')
    return parser.parse_args(argv)


def load_split(feature_dir: str, split: str,
               modalities: Sequence[str]) -> dict:
    """Features of every modality, with the labels and paths of the first."""
    files = [load_features(feature_file(feature_dir, split, m))
             for m in modalities]
    first = feature_file(feature_dir, split, modalities[0])
    if files[0].get('filenames') is None:
        raise ConfigValueError(
            f'{first} lists no video paths (its dataset had no '
            'data list); the grid needs them')
    for modality, loaded in zip(modalities[1:], files[1:]):
        if not loaded['labels'].equal(files[0]['labels']):
            raise ConfigValueError(
                f'{feature_file(feature_dir, split, modality)} and {first} '
                'hold different videos')
    return dict(
        features=[loaded['features'] for loaded in files],
        labels=files[0]['labels'].tolist(),
        filenames=files[0]['filenames'])


def read_class_names(path: Optional[str]) -> Optional[List[str]]:
    """Class names in label order: the last word of each non-empty line."""
    if path is None:
        return None
    with open(path) as file:
        return [line.split()[-1] for line in file if line.strip()]


def middle_frame(path: str) -> np.ndarray:
    """The middle frame of a video, (H, W, 3) uint8 RGB, decoded by decord."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'video not found: {path}')
    reader = decord.VideoReader(path, num_threads=1)
    return reader[len(reader) // 2].asnumpy()


def draw_cell(frame: np.ndarray, lines: Sequence[str],
              colour: Sequence[int], cell_size: Sequence[int]) -> np.ndarray:
    """A framed, resized frame above a caption; (H + caption, W, 3) RGB."""
    width, height = cell_size
    cell = np.full((height + CAPTION_HEIGHT, width, 3), 255, np.uint8)
    cell[:height] = colour
    cell[BORDER:height - BORDER, BORDER:width - BORDER] = cv2.resize(
        frame, (width - 2 * BORDER, height - 2 * BORDER),
        interpolation=cv2.INTER_AREA)
    for row, text in enumerate(lines):
        cv2.putText(cell, text, (3, height + 14 + 16 * row),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    return cell


def class_name(label: int, class_names: Optional[List[str]]) -> str:
    return class_names[label] if class_names else f'class {label}'


def draw_grid(query_frame: np.ndarray, query_label: int,
              neighbours: Sequence[tuple], class_names: Optional[List[str]],
              cell_size: Sequence[int]) -> np.ndarray:
    """One row: the query, then each (frame, label, similarity) neighbour.

    Returns:
        np.ndarray: (cell height + caption, (k + 1) * cell width, 3) RGB.
    """
    cells = [
        draw_cell(query_frame,
                  ['query', class_name(query_label, class_names)],
                  QUERY_COLOUR, cell_size)
    ]
    for rank, (frame, label, similarity) in enumerate(neighbours, 1):
        colour = HIT_COLOUR if label == query_label else MISS_COLOUR
        cells.append(
            draw_cell(frame, [
                f'#{rank} {class_name(label, class_names)}',
                f'similarity {similarity:.3f}'
            ], colour, cell_size))
    return np.concatenate(cells, axis=1)


@exit_on_user_error
def main(argv=None) -> List[str]:
    """Write the grids; returns the PNG paths."""
    args = parse_args(argv)
    queries = load_split(args.feature_dir, 'query', args.modalities)
    gallery = load_split(args.feature_dir, 'gallery', args.modalities)
    class_names = read_class_names(args.class_names)
    outside = [i for i in args.queries if not 0 <= i < len(queries['labels'])]
    if outside:
        raise ConfigValueError(f'--queries {outside} outside [0, '
                               f'{len(queries["labels"]) - 1}]')
    similarities, indices = knn_search(
        [feats[args.queries] for feats in queries['features']],
        gallery['features'], args.topk)
    os.makedirs(args.out_dir, exist_ok=True)
    written = []
    for query, sims, neighbours in zip(args.queries, similarities.tolist(),
                                       indices.tolist()):
        grid = draw_grid(
            middle_frame(
                osp.join(args.video_root, queries['filenames'][query])),
            queries['labels'][query], [
                (middle_frame(
                    osp.join(args.video_root, gallery['filenames'][index])),
                 gallery['labels'][index], similarity)
                for index, similarity in zip(neighbours, sims)
            ], class_names, args.cell_size)
        out_file = osp.join(args.out_dir, f'query_{query:05d}.png')
        cv2.imwrite(out_file, cv2.cvtColor(grid, cv2.COLOR_RGB2BGR))
        written.append(out_file)
    print(f'Wrote {len(written)} grids to {args.out_dir}')
    return written


if __name__ == '__main__':
    main()
