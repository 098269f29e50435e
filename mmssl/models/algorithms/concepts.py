"""Static and Dynamic Concepts for self-supervised video representation
learning (Qian, Ding, Liu and Lin, ECCV 2022)."""
from typing import Dict, List, Optional

import torch
from mmengine.logging import MessageHub

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS
from mmssl.view_labels import VIEW_LABELS

from ..losses import sinkhorn, valid_concepts
from ..utils import (NegativeQueue, check_multi_clip, encode_views,
                     view_labels_of)
from .base import BaseMultiClipAlgorithm

#: The concept set of each derived view kind, aligned with the RGB clips.
CONCEPT_OF_VIEW = dict(static='static', diff='dynamic')


@MODELS.register_module()
class StaticDynamicConcepts(BaseMultiClipAlgorithm):
    """Static and dynamic concepts from RGB, static-frame and frame-difference
    views.

    Every video brings six clips (any order, told by the packed
    ``view_labels``): two adjacent RGB clips v1 v2, their static views s1 s2
    and frame differences d1 d2. One shared encoder (or one per kind) gives
    maps (B, 6, C, t, h, w), each kind encoded in a call of its own; pooled,
    they are ``feats`` (B, 6, C). The ``concept_head`` (:class:`ConceptHead`)
    turns them into codes over K_s static and K_d dynamic prototypes. The
    loss is the sum of:

    - ``loss_align_{static,dynamic}``: swapped prediction of the static codes
      across v and s, of the dynamic codes across v and d; the targets are
      ``sinkhorn`` of each clip's detached codes stacked on a queue of past
      codes of its kind (``code_queue_size``, from ``queue_start_epoch``
      on), softmax temperature in the ``alignment`` loss;
    - ``loss_entropy_{static,dynamic}``: static codes of d and dynamic codes
      of s pushed to uniform;
    - ``loss_fidelity_{rgb,static,diff}``: the decoders reconstruct the
      stop-gradient pooled features from the codes;
    - ``loss_contrast_*``: instance contrast of the ``contrast_head``;
    - ``loss_local``: from epoch ``loc_start_epoch`` on (MMEngine's
      ``MessageHub`` info ``epoch``; zero before), the concept-specific local
      features (``local_attention``) of v1 and v2 for all concepts, of s1
      and s2 for the static and of d1 and d2 for the dynamic ones are
      contrasted on their :func:`valid_concepts` (top ``top_k``).

    ``valid_concepts`` (logged) is the mean number of valid concepts per
    pair. Prototype upkeep is in ``PrototypeNormHook`` and
    ``FreezePrototypesHook``. ``predict`` returns the samples unchanged
    (evaluate with retrieval); ``tensor`` returns the backbone features of
    all clips.

    Args:
        backbone (dict): Backbone config; with ``separate_encoders`` the
            static and diff clips get copies of their own
            (``static_backbone``, ``diff_backbone``), ``backbone`` is the RGB
            one that downstream tasks load.
        concept_head (dict): :class:`ConceptHead` config.
        local_attention (dict): :class:`LocalConceptAttention` config.
        contrast_head (dict): :class:`CrossViewContrastHead` config.
        alignment (dict): Loss of (codes (B, n, K), targets (B, n, K)).
            Defaults to ``SwappedPredictionLoss`` (temperature 0.1).
        fidelity (dict): Loss of (decoded (M, C), feats (M, C)). Defaults
            to ``NegativeCosineLoss``.
        entropy (dict): Loss of codes (M, K). Defaults to
            ``ConceptEntropyLoss`` (weight 0.1).
        local (dict): Loss of (query (B, K, D), key (B, K, D), valid (B, K)).
            Defaults to ``LocalConceptLoss``.
        top_k (int): K of the valid concepts. Defaults to 5.
        loc_start_epoch (int): First epoch (0-based) with ``loss_local``.
            Defaults to 5 (the appendix; the authors' script uses 10).
        code_queue_size (int): Past codes per view kind for the targets.
            Defaults to 1024.
        queue_start_epoch (int): First epoch whose targets use the queues
            (the authors': 1, after one epoch has filled them; keep the
            queue at most the codes of an epoch, two per video). Defaults
            to 1.
        sinkhorn_epsilon (float): Defaults to 0.05.
        sinkhorn_iterations (int): Defaults to 3.
        separate_encoders (bool): One encoder per view kind. Defaults to
            False.
        mix_bn (bool): Shared encoder only: all clips in one call, mixing
            the kinds' BN statistics. Defaults to False.
        running_stats_view (str): Shared encoder only: the view kind whose
            clips update the BN running statistics, i.e. the input the
            pre-trained backbone is evaluated on (:func:`encode_views`).
            Defaults to 'rgb'.
        view_key (str): Data-sample field of the view ids. Defaults to
            'view_labels'.
        data_preprocessor (dict, optional): E.g.
            ``MultiViewDataPreprocessor``.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 concept_head: dict,
                 local_attention: dict,
                 contrast_head: dict,
                 alignment: dict = dict(type='SwappedPredictionLoss'),
                 fidelity: dict = dict(type='NegativeCosineLoss'),
                 entropy: dict = dict(type='ConceptEntropyLoss'),
                 local: dict = dict(type='LocalConceptLoss'),
                 top_k: int = 5,
                 loc_start_epoch: int = 5,
                 code_queue_size: int = 1024,
                 queue_start_epoch: int = 1,
                 sinkhorn_epsilon: float = 0.05,
                 sinkhorn_iterations: int = 3,
                 separate_encoders: bool = False,
                 mix_bn: bool = False,
                 running_stats_view: str = 'rgb',
                 view_key: str = 'view_labels',
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if separate_encoders and mix_bn:
            raise ConfigValueError(
                f'{type(self).__name__}: mix_bn=True needs one shared '
                'encoder, got separate_encoders=True')
        self.concept_head = MODELS.build(concept_head)
        num_concepts = min(self.concept_head.num_static,
                           self.concept_head.num_dynamic)
        if not 1 <= top_k <= num_concepts:
            raise ConfigValueError(
                f'{type(self).__name__}: top_k={top_k}, expected 1 <= top_k '
                f'<= {num_concepts} (the smaller concept set)')
        self.local_attention = MODELS.build(local_attention)
        self.contrast_head = MODELS.build(contrast_head)
        self.alignment = MODELS.build(alignment)
        self.fidelity = MODELS.build(fidelity)
        self.entropy = MODELS.build(entropy)
        self.local = MODELS.build(local)
        self.top_k = top_k
        self.loc_start_epoch = loc_start_epoch
        self.queue_start_epoch = queue_start_epoch
        self.sinkhorn_epsilon = sinkhorn_epsilon
        self.sinkhorn_iterations = sinkhorn_iterations
        self.separate_encoders = separate_encoders
        if running_stats_view not in VIEW_LABELS:
            raise ConfigValueError(
                f'{type(self).__name__}: running_stats_view='
                f'{running_stats_view!r}, expected one of '
                f'{tuple(VIEW_LABELS)}')
        self.mix_bn = mix_bn
        self.running_stats_view = running_stats_view
        self.view_key = view_key
        if separate_encoders:
            self.static_backbone = MODELS.build(backbone)
            self.diff_backbone = MODELS.build(backbone)
        code_dim = self.concept_head.num_static + \
            self.concept_head.num_dynamic
        self.code_queues = torch.nn.ModuleDict({
            view: NegativeQueue(code_queue_size, code_dim)
            for view in VIEW_LABELS
        })

    def encoders(self):
        """The shared backbone, or the backbones by view kind."""
        if not self.separate_encoders:
            return self.backbone
        return dict(rgb=self.backbone, static=self.static_backbone,
                    diff=self.diff_backbone)

    def view_clips(self, view_labels: torch.Tensor) -> Dict[str, List[int]]:
        """Indices of the two clips of each kind, by kind name."""
        clips = {
            view: (view_labels == view_id).nonzero().flatten().tolist()
            for view, view_id in VIEW_LABELS.items()
        }
        if any(len(indices) != 2 for indices in clips.values()):
            raise ConfigValueError(
                f'{type(self).__name__}: "{self.view_key}" is '
                f'{view_labels.tolist()}, expected two clips of each kind '
                f'{VIEW_LABELS}; sample two clips, append StaticView and '
                'FrameDiffView of both')
        return clips

    def current_epoch(self) -> int:
        """The training epoch MMEngine's runtime hook publishes (0 when no
        runner has set it)."""
        return MessageHub.get_current_instance().get_info('epoch', 0)

    @torch.no_grad()
    def targets(self, codes: torch.Tensor,
                stored: Optional[torch.Tensor]) -> torch.Tensor:
        """Sinkhorn targets of each clip's codes, stacked on past codes.

        Args:
            codes (torch.Tensor): (B, n, K) codes of one concept set.
            stored (torch.Tensor, optional): (M, K) past codes of the clips'
                kind, or None.

        Returns:
            torch.Tensor: (B, n, K), rows summing to 1.
        """
        return torch.stack([
            sinkhorn(
                codes[:, i] if stored is None else torch.cat(
                    [codes[:, i], stored]), self.sinkhorn_epsilon,
                self.sinkhorn_iterations)[:len(codes)]
            for i in range(codes.shape[1])
        ], dim=1)

    def alignment_losses(self, codes: Dict[str, torch.Tensor]) -> dict:
        """``loss_align_static`` over v and s, ``loss_align_dynamic`` over v
        and d, with targets from the code queues from
        ``queue_start_epoch`` on."""
        head = self.concept_head
        use_queue = self.current_epoch() >= self.queue_start_epoch
        losses = {}
        for view, concept in CONCEPT_OF_VIEW.items():
            group = head.split(torch.cat([codes['rgb'], codes[view]],
                                         dim=1))[concept]
            targets = [
                self.targets(
                    head.split(codes[kind].detach())[concept],
                    head.split(self.code_queues[kind].negatives())[concept]
                    if use_queue else None) for kind in ('rgb', view)
            ]
            losses[f'loss_align_{concept}'] = self.alignment(
                group, torch.cat(targets, dim=1))
        return losses

    def loss(self, inputs: torch.Tensor, data_samples: List) -> dict:
        """All losses and the valid-concept count.

        Args:
            inputs (torch.Tensor): (B, 6, C, T, H, W).
            data_samples (list[ActionDataSample]): B samples holding
                ``view_key`` (6,).

        Returns:
            dict: The ``loss_*`` terms and ``valid_concepts``.
        """
        check_multi_clip(inputs, type(self).__name__)
        view_labels = view_labels_of(data_samples, inputs.shape[1],
                                     self.view_key)
        clips = self.view_clips(view_labels)
        maps = encode_views(self.encoders(), inputs, view_labels,
                            mix_bn=self.mix_bn,
                            running_stats_view=self.running_stats_view)
        feats = maps.mean(dim=(-3, -2, -1))
        head = self.concept_head
        codes = head.codes(head.embed(feats, view_labels))
        by_view = {view: codes[:, index] for view, index in clips.items()}

        losses = self.alignment_losses(by_view)
        losses['loss_entropy_static'] = self.entropy(
            head.split(by_view['diff'])['static'].flatten(0, 1))
        losses['loss_entropy_dynamic'] = self.entropy(
            head.split(by_view['static'])['dynamic'].flatten(0, 1))
        for view, index in clips.items():
            losses[f'loss_fidelity_{view}'] = self.fidelity(
                head.decode(by_view[view].flatten(0, 1), view),
                feats[:, index].flatten(0, 1))
        losses.update(self.contrast_head.loss(
            {view: feats[:, index] for view, index in clips.items()}))
        local_loss, count = self.local_alignment(maps, by_view, clips)
        losses['loss_local'] = local_loss
        losses['valid_concepts'] = count
        for view, queue in self.code_queues.items():
            queue.enqueue(by_view[view].detach().flatten(0, 1))
        return losses

    def local_alignment(self, maps: torch.Tensor,
                        codes: Dict[str, torch.Tensor],
                        clips: Dict[str, List[int]]):
        """L_loc (zero before ``loc_start_epoch``) and the mean number of
        valid concepts per pair.

        Args:
            maps (torch.Tensor): (B, 6, C, t, h, w).
            codes (dict[str, torch.Tensor]): (B, 2, K_s + K_d) per kind.
            clips (dict[str, list[int]]): Clip indices per kind.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: The loss and the count.
        """
        head = self.concept_head
        pairs = [('rgb', 'static'), ('rgb', 'dynamic'), ('static', 'static'),
                 ('diff', 'dynamic')]
        valid = {(view, concept): valid_concepts(
            *head.split(codes[view].detach())[concept].unbind(1), self.top_k)
            for view, concept in pairs}
        count = torch.stack([mask.sum(1).float().mean()
                             for mask in valid.values()]).mean()
        if self.current_epoch() < self.loc_start_epoch:
            return maps.new_zeros(()), count
        prototypes = dict(static=head.static_prototypes,
                          dynamic=head.dynamic_prototypes)
        terms = []
        for (view, concept), mask in valid.items():
            local = self.local_attention(
                maps[:, clips[view]].flatten(0, 1),
                prototypes[concept]).unflatten(0, maps.shape[:1] + (2, ))
            first, second = local.unbind(1)
            terms.append(self.local(first, second.detach(), mask))
            terms.append(self.local(second, first.detach(), mask))
        return torch.stack(terms).mean(), count

    def predict(self, inputs: torch.Tensor, data_samples: List) -> List:
        """The samples unchanged: the method has no pretext prediction;
        validate it with retrieval."""
        return data_samples
