"""mHMDB51: HMDB51 relabelled with the motion type of each action class.

The Motion downstream task classifies a video into one of five motion types.
Its labels come from a fixed class-to-motion-type table (TransRank appendix,
Table 10), shipped as ``data/mhmdb51_mapping.json``. This module reads that
table and rewrites MMAction2 HMDB51 annotation lists, whose lines are
``<path> [<num_frames>] <label>`` with ``label`` the 0-based HMDB51 class
index, into mHMDB51 lists with the motion type index as the label.
"""
import json
import os
import os.path as osp

from mmssl.errors import AnnotationError

#: The mHMDB51 classes; the position is the label index.
MOTION_TYPES = ('linear', 'projectile', 'local', 'oscillatory', 'random')

#: The class-to-motion-type table shipped with mmssl.
MAPPING_FILE = osp.join(
    osp.dirname(osp.abspath(__file__)), 'data', 'mhmdb51_mapping.json')


def load_mhmdb51_mapping(path=MAPPING_FILE):
    """Read the HMDB51 class -> motion type table.

    Args:
        path (str): A JSON file with ``motion_types`` (must equal
            :data:`MOTION_TYPES`) and ``classes``, a dict from each motion
            type to its list of HMDB51 class names.

    Returns:
        dict[str, int]: HMDB51 class name -> motion type index (0-4).
    """
    with open(path) as f:
        table = json.load(f)
    if tuple(table.get('motion_types', ())) != MOTION_TYPES:
        raise AnnotationError(f'{path}: motion_types is '
                              f'{table.get("motion_types")}, expected '
                              f'{list(MOTION_TYPES)}')
    classes = table.get('classes', {})
    if set(classes) != set(MOTION_TYPES):
        raise AnnotationError(f'{path}: classes has keys {sorted(classes)}, '
                              f'expected {list(MOTION_TYPES)}')
    mapping = {}
    for motion_index, motion_type in enumerate(MOTION_TYPES):
        for class_name in classes[motion_type]:
            if class_name in mapping:
                raise AnnotationError(
                    f'{path}: class {class_name!r} is listed '
                    'under more than one motion type')
            mapping[class_name] = motion_index
    return mapping


def load_class_names(path):
    """Read an HMDB51 class list: label index -> class name.

    Two formats are accepted: one class name per line (a label map, the
    line order gives the label), or ``<id> <class_name>`` lines with ids
    ``1..n`` (MMAction2's ``classInd.txt``) or ``0..n-1``.

    Args:
        path (str): The class list file.

    Returns:
        list[str]: Class names ordered by their 0-based label.
    """
    with open(path) as f:
        rows = [(lineno, line.split()) for lineno, line in enumerate(f, 1)
                if line.strip()]
    if not rows:
        raise AnnotationError(f'{path}: the class list is empty')
    if all(len(items) == 1 for _, items in rows):
        return [items[0] for _, items in rows]
    indexed = {}
    for lineno, items in rows:
        if len(items) != 2 or not items[0].isdigit():
            raise AnnotationError(
                f'{path}:{lineno}: expected "<class_name>" or '
                f'"<id> <class_name>", got {" ".join(items)!r}')
        indexed[int(items[0])] = items[1]
    start = min(indexed)
    if start not in (0, 1) or sorted(indexed) != list(
            range(start, start + len(rows))):
        raise AnnotationError(
            f'{path}: class ids must be 0..n-1 or 1..n without '
            f'gaps or repeats, got {sorted(indexed)}')
    return [indexed[i] for i in range(start, start + len(rows))]


def relabel_annotations(ann_file, class_names, mapping):
    """Replace each line's HMDB51 label with its motion type index.

    All tokens but the last (the video path, and the frame count of rawframe
    lists) are kept as they are. A path under an HMDB51 class folder must
    agree with its label, which catches a class list in the wrong order.

    Args:
        ann_file (str): An MMAction2 HMDB51 annotation list.
        class_names (list[str]): HMDB51 class name of each label index.
        mapping (dict[str, int]): Class name -> motion type index, as given
            by :func:`load_mhmdb51_mapping`.

    Returns:
        list[str]: The relabelled lines, without line breaks.
    """
    lines = []
    with open(ann_file) as f:
        for lineno, line in enumerate(f, 1):
            items = line.split()
            if not items:
                continue
            where = f'{ann_file}:{lineno}'
            if len(items) < 2 or not items[-1].isdigit():
                raise AnnotationError(
                    f'{where}: expected "<path> [<num_frames>] '
                    f'<label>", got {line.strip()!r}')
            label = int(items[-1])
            if label >= len(class_names):
                raise AnnotationError(
                    f'{where}: label {label} is out of range for '
                    f'{len(class_names)} HMDB51 classes')
            class_name = class_names[label]
            if class_name not in mapping:
                raise AnnotationError(
                    f'{where}: class {class_name!r} (label '
                    f'{label}) is not in the mHMDB51 mapping')
            folder = items[0].split('/')[0] if '/' in items[0] else None
            if folder in mapping and folder != class_name:
                raise AnnotationError(
                    f'{where}: label {label} is class '
                    f'{class_name!r} but the video is in folder '
                    f'{folder!r}; check the class list')
            lines.append(' '.join(items[:-1] + [str(mapping[class_name])]))
    return lines


def mhmdb51_ann_name(filename):
    """Name of the mHMDB51 list built from the HMDB51 list ``filename``.

    ``hmdb51_train_split_1_videos.txt`` becomes
    ``mhmdb51_train_split_1_videos.txt``; other names get an ``mhmdb51_``
    prefix.
    """
    basename = osp.basename(filename)
    if basename.startswith('hmdb51'):
        return 'm' + basename
    return 'mhmdb51_' + basename


def build_mhmdb51(ann_files, out_dir, class_names=None,
                  mapping_file=MAPPING_FILE):
    """Write mHMDB51 annotation lists and ``classes.txt`` into ``out_dir``.

    Args:
        ann_files (list[str]): HMDB51 annotation lists to relabel.
        out_dir (str): Output folder; each list is written under the name
            given by :func:`mhmdb51_ann_name`.
        class_names (list[str], optional): HMDB51 class name of each label.
            Defaults to the alphabetical order of the 51 class names, which
            is the order MMAction2's HMDB51 lists use.
        mapping_file (str): The class -> motion type table.

    Returns:
        list[str]: Paths of the written annotation lists.
    """
    mapping = load_mhmdb51_mapping(mapping_file)
    if class_names is None:
        class_names = sorted(mapping)
    relabelled = {
        ann_file: relabel_annotations(ann_file, class_names, mapping)
        for ann_file in ann_files
    }
    os.makedirs(out_dir, exist_ok=True)
    out_files = []
    for ann_file, lines in relabelled.items():
        out_file = osp.join(out_dir, mhmdb51_ann_name(ann_file))
        with open(out_file, 'w') as f:
            f.write(''.join(line + '\n' for line in lines))
        out_files.append(out_file)
    with open(osp.join(out_dir, 'classes.txt'), 'w') as f:
        f.write(''.join(name + '\n' for name in MOTION_TYPES))
    return out_files
