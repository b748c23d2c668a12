#!/usr/bin/env python3
"""Tiny random models for the families and config features of issue 12 (rotary scaling, gemma2,
phi3, mixtral, qwen2_moe, olmo, stablelm, starcoder2, opt, phi with qk_layernorm), with their
logits and every intervention site as transformers computes them.

Writes tests/data/models/<name>/ (an HF folder: config.json + model.safetensors, float32) and
tests/data/expected/<name>/ (manifest.json + prompt{0,1,2}.safetensors) in the layout of
tests/data/FIXTURES.md section 3. Prompts are seeded random token ids (no tokenizer).

Sites are read with plain forward hooks at pyvene's anchor points (FIXTURES.md section 3 table);
attention_input is the pre-attention norm's output, which is what the attention module receives.
MoE models also get moe_router_logits (the router's output, [T, experts], at each MoE layer),
checked here to equal what transformers returns with output_router_logits=True.

Where transformers 4.43.4 is wrong, the reference runs patched, as later transformers compute it:
* sliding windows its eager attention ignores: an explicit 4D mask (phi3, mixtral, starcoder2), or
  for qwen2_moe (whose window covers only the layers from max_window_layers on) that mask handed to
  those layers' attention alone;
* Phi's qk_layernorm: 4.43.4 (and 4.40.2) apply the head_dim-wide LayerNorm to the flat
  [T, heads * head_dim] projection, which fails for more than one head; later transformers apply
  it to each head's head_dim values (after the view to heads, before rotary), and so does the
  patched norm here. With one head both agree, and that case runs unpatched.

Run:  . ../shared/refenv/env-0.1.8.sh && $REF_PY tests/reference/make_family_fixtures.py [name ...]
"""
import json
import math
import sys
from pathlib import Path

import torch
import transformers
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

COMPONENTS = ["block_input", "block_output", "attention_input", "attention_output", "attention_value_output",
              "query_output", "key_output", "value_output", "mlp_input", "mlp_activation", "mlp_output",
              "head_query_output", "head_key_output", "head_value_output", "head_attention_value_output"]

SMALL = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
             intermediate_size=96, vocab_size=128, initializer_range=0.15)


def llama(name, prompt_lengths, **overrides):
    return dict(name=name, family="llama", config=dict(SMALL, tie_word_embeddings=True, **overrides),
                prompt_lengths=prompt_lengths)


LONG = [7, 16, 29]
OPT_SMALL = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, ffn_dim=128,
                 max_position_embeddings=64, init_std=0.15, dropout=0.0, attention_dropout=0.0,
                 activation_dropout=0.0, layerdrop=0.0, pad_token_id=1)  # under, at and beyond an original context of 16

CASES = [
    llama("llama-rope-linear", LONG, max_position_embeddings=16, rope_scaling={"type": "linear", "factor": 2.0}),
    llama("llama-rope-dynamic", LONG, max_position_embeddings=16, rope_scaling={"type": "dynamic", "factor": 2.0}),
    llama("llama-rope-yarn", [7, 20, 33], rope_theta=100.0, max_position_embeddings=64,
          rope_scaling={"rope_type": "yarn", "factor": 4.0}),
    # Later transformers read rope_scaling.original_max_position_embeddings for yarn; 4.43 reads
    # max_position_embeddings. The reference runs with max_position_embeddings = the original
    # context, and the stored config.json states the extended context plus the key.
    dict(llama("llama-rope-yarn-original", [7, 20, 33], rope_theta=100.0, max_position_embeddings=64,
               rope_scaling={"rope_type": "yarn", "factor": 4.0, "beta_fast": 16.0}),
         saved_overrides={"max_position_embeddings": 256,
                          "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "beta_fast": 16.0,
                                           "original_max_position_embeddings": 64}}),
    llama("llama-rope-llama3", [7, 29, 45], rope_theta=100.0, max_position_embeddings=256,
          rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                        "original_max_position_embeddings": 32}),
    dict(name="gemma2-softcap-window", family="gemma2", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, head_dim=16, sliding_window=4, attn_logit_softcapping=2.0, final_logit_softcapping=3.0,
                     query_pre_attn_scalar=24, hidden_activation="gelu_pytorch_tanh")),
    dict(name="gemma2-wide-heads", family="gemma2", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_hidden_layers=3, num_key_value_heads=1, head_dim=32, sliding_window=7,
                     attn_logit_softcapping=None, final_logit_softcapping=None, query_pre_attn_scalar=32,
                     hidden_activation="gelu_pytorch_tanh")),
    dict(name="phi3-window", family="phi3", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_key_value_heads=4, sliding_window=5, max_position_embeddings=64,
                     original_max_position_embeddings=64, tie_word_embeddings=False, pad_token_id=0)),
    dict(name="phi3-longrope", family="phi3", prompt_lengths=LONG,
         config=dict(SMALL, sliding_window=12, max_position_embeddings=64, original_max_position_embeddings=16,
                     tie_word_embeddings=False, pad_token_id=0,
                     rope_scaling={"type": "longrope",
                                   "short_factor": [1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 3.5],
                                   "long_factor": [1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0]})),
    dict(name="mixtral-top2", family="mixtral", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, intermediate_size=48, num_local_experts=4, num_experts_per_tok=2, sliding_window=None,
                     tie_word_embeddings=False, router_jitter_noise=0.0)),
    dict(name="mixtral-top1-window", family="mixtral", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, intermediate_size=48, num_local_experts=3, num_experts_per_tok=1, sliding_window=5,
                     tie_word_embeddings=False, router_jitter_noise=0.0)),
    dict(name="olmo-clip-qkv", family="olmo", prompt_lengths=LONG,
         config=dict(SMALL, clip_qkv=0.5, attention_bias=True, max_position_embeddings=16,
                     rope_scaling={"type": "linear", "factor": 2.0}, pad_token_id=0)),
    dict(name="olmo-plain", family="olmo", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, clip_qkv=None, tie_word_embeddings=True, pad_token_id=0)),
    dict(name="stablelm-qk-norm", family="stablelm", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, qk_layernorm=True, use_qkv_bias=True, partial_rotary_factor=0.25,
                     use_parallel_residual=False, hidden_dropout=0.0, attention_dropout=0.0)),
    dict(name="stablelm-parallel", family="stablelm", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, qk_layernorm=False, use_qkv_bias=False, partial_rotary_factor=0.5,
                     use_parallel_residual=True, hidden_dropout=0.0, attention_dropout=0.0)),
    dict(name="starcoder2-window", family="starcoder2", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, sliding_window=5, use_bias=True, residual_dropout=0.0, embedding_dropout=0.0,
                     hidden_act="gelu_pytorch_tanh")),
    dict(name="starcoder2-no-bias", family="starcoder2", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_key_value_heads=1, sliding_window=None, use_bias=False, tie_word_embeddings=False,
                     residual_dropout=0.0, embedding_dropout=0.0, hidden_act="gelu_pytorch_tanh")),
    dict(name="opt-post-ln-projected", family="opt", prompt_lengths=[6, 13, 24],
         config=dict(OPT_SMALL, do_layer_norm_before=False, word_embed_proj_dim=32)),
    dict(name="opt-projected", family="opt", prompt_lengths=[6, 13, 24],
         config=dict(OPT_SMALL, do_layer_norm_before=True, word_embed_proj_dim=32)),
    # Layer 1 dense (mlp_only_layers), layers 0 and 2 MoE with a gated shared expert; top-2 of 4
    # experts, probabilities not renormalised.
    dict(name="qwen2_moe-shared-dense", family="qwen2_moe", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_hidden_layers=3, num_experts=4, num_experts_per_tok=2, norm_topk_prob=False,
                     moe_intermediate_size=32, shared_expert_intermediate_size=80, decoder_sparse_step=1,
                     mlp_only_layers=[1], use_sliding_window=False, tie_word_embeddings=False)),
    # decoder_sparse_step 2: layers 1 and 3 MoE (top-3 of 6, renormalised); a window of 5 on the
    # layers from max_window_layers = 2 on.
    dict(name="qwen2_moe-step2-window", family="qwen2_moe", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_hidden_layers=4, num_experts=6, num_experts_per_tok=3, norm_topk_prob=True,
                     moe_intermediate_size=24, shared_expert_intermediate_size=40, decoder_sparse_step=2,
                     mlp_only_layers=[], use_sliding_window=True, sliding_window=5, max_window_layers=2,
                     tie_word_embeddings=True)),
    dict(name="phi-qk-layernorm", family="phi", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, qk_layernorm=True, partial_rotary_factor=0.5, hidden_act="gelu_new",
                     resid_pdrop=0.0, embd_pdrop=0.0, attention_dropout=0.0, tie_word_embeddings=False)),
    dict(name="phi-qk-layernorm-one-head", family="phi", prompt_lengths=[6, 13, 24],
         config=dict(SMALL, num_attention_heads=1, num_key_value_heads=1, qk_layernorm=True,
                     partial_rotary_factor=0.5, hidden_act="gelu_new", resid_pdrop=0.0, embd_pdrop=0.0,
                     attention_dropout=0.0, tie_word_embeddings=False)),
]

FAMILIES = {
    "llama": (transformers.LlamaConfig, transformers.LlamaForCausalLM),
    "gemma2": (transformers.Gemma2Config, transformers.Gemma2ForCausalLM),
    "phi3": (transformers.Phi3Config, transformers.Phi3ForCausalLM),
    "mixtral": (transformers.MixtralConfig, transformers.MixtralForCausalLM),
    "olmo": (transformers.OlmoConfig, transformers.OlmoForCausalLM),
    "stablelm": (transformers.StableLmConfig, transformers.StableLmForCausalLM),
    "starcoder2": (transformers.Starcoder2Config, transformers.Starcoder2ForCausalLM),
    "opt": (transformers.OPTConfig, transformers.OPTForCausalLM),
    "qwen2_moe": (transformers.Qwen2MoeConfig, transformers.Qwen2MoeForCausalLM),
    "phi": (transformers.PhiConfig, transformers.PhiForCausalLM),
}
MOE_FAMILIES = {"mixtral", "qwen2_moe"}
def _per_head_norms_without_bias(self, dim, num_heads, eps=1e-5, bias=False):
    """StableLM's per-head qk LayerNorms pass bias=False, which torch 1.13's LayerNorm lacks."""
    torch.nn.Module.__init__(self)
    self.dim, self.num_heads = dim, num_heads
    self.norms = torch.nn.ModuleList([torch.nn.LayerNorm(dim, eps=eps) for _ in range(num_heads)])
    if not bias:
        for norm in self.norms:
            norm.register_parameter("bias", None)


transformers.models.stablelm.modeling_stablelm.StableLmLayerNormPerHead.__init__ = _per_head_norms_without_bias

PLUS_ONE_NORMS = {"gemma2"}          # RMSNorm scales by (1 + w): store w near 0
EXPLICIT_WINDOW_MASK = {"phi3", "mixtral", "starcoder2"}  # 4.43's eager attention ignores sliding_window there


def per_head_layer_norm(norm, head_dim):
    """Phi's q/k LayerNorm applied to each head's head_dim values, as later transformers do."""
    def forward(x):
        heads = x.view(*x.shape[:-1], -1, head_dim)
        return torch.nn.functional.layer_norm(heads, (head_dim,), norm.weight, norm.bias, norm.eps).view(x.shape)
    norm.forward = forward


def patch_reference(model, family, cfg, T):
    """What 4.43.4 gets wrong, computed as later transformers do (see the module docstring)."""
    if family == "phi" and cfg.qk_layernorm and cfg.num_attention_heads > 1:
        head_dim = cfg.hidden_size // cfg.num_attention_heads
        for layer in model.model.layers:
            per_head_layer_norm(layer.self_attn.q_layernorm, head_dim)
            per_head_layer_norm(layer.self_attn.k_layernorm, head_dim)
    if family == "qwen2_moe" and cfg.use_sliding_window:
        for index, layer in enumerate(model.model.layers):
            if index >= cfg.max_window_layers:
                attn = layer.self_attn
                attn.forward = (lambda f: lambda *a, attention_mask=None, **k:
                                f(*a, attention_mask=window_mask(T, cfg.sliding_window), **k))(attn.forward)


def perturb(model, family, seed):
    """Moves norm weights and biases off their defaults so that a norm or bias bug cannot hide."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module_name, module in model.named_modules():
            if "Norm" in type(module).__name__ and getattr(module, "weight", None) is not None:
                w = module.weight
                base = 0.0 if family in PLUS_ONE_NORMS else 1.0
                w.copy_(base + 0.3 * torch.randn(w.shape, generator=g))
        for name, p in model.named_parameters():
            if name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))


def window_mask(T, window):
    """Additive [1, 1, T, T] mask: key j visible to query i iff i - window < j <= i."""
    i = torch.arange(T).view(T, 1)
    j = torch.arange(T).view(1, T)
    hidden = (j > i) | ((j <= i - window) if window else torch.zeros(T, T, dtype=torch.bool))
    return torch.zeros(T, T).masked_fill(hidden, torch.finfo(torch.float32).min).view(1, 1, T, T)


def collect_sites(model, family, cfg, ids, attention_mask):
    H = cfg.num_attention_heads
    Hkv = getattr(cfg, "num_key_value_heads", None) or H
    Dh = getattr(cfg, "head_dim", None) or cfg.hidden_size // H
    out, handles = {}, []

    def keep(name, t):
        out[name] = t[0].detach().clone()

    def fwd(module, name, pick=lambda o: o[0] if isinstance(o, tuple) else o):
        handles.append(module.register_forward_hook(lambda m, i, o: keep(name, pick(o))))

    def pre(module, name):
        handles.append(module.register_forward_pre_hook(lambda m, i: keep(name, i[0])))

    if family == "opt":
        return collect_opt_sites(model, cfg, ids, attention_mask, out, handles, keep, fwd, pre, H, Dh)
    for l, layer in enumerate(model.model.layers):
        p = f"L{l}."
        attn = layer.self_attn
        pre(layer, p + "block_input")
        fwd(layer, p + "block_output")
        fwd(layer.input_layernorm, p + "attention_input")
        fwd(attn, p + "attention_output")
        pre(attn.dense if family == "phi" else attn.o_proj, p + "attention_value_output")
        if family == "phi3":
            q_w, kv_w = H * Dh, Hkv * Dh
            fwd(attn.qkv_proj, p + "query_output", lambda o: o[..., :q_w])
            fwd(attn.qkv_proj, p + "key_output", lambda o: o[..., q_w:q_w + kv_w])
            fwd(attn.qkv_proj, p + "value_output", lambda o: o[..., q_w + kv_w:])
        else:
            fwd(attn.q_proj, p + "query_output")
            fwd(attn.k_proj, p + "key_output")
            fwd(attn.v_proj, p + "value_output")
        mlp = layer.block_sparse_moe if family == "mixtral" else layer.mlp
        pre(mlp, p + "mlp_input")
        fwd(mlp, p + "mlp_output")
        if hasattr(mlp, "gate") and hasattr(mlp, "experts"):
            # The router's [B*T, experts] output: batch 1, so all of it.
            handles.append(mlp.gate.register_forward_hook(
                lambda m, i, o, name=p + "moe_router_logits": out.__setitem__(name, o.detach().clone())))
        if family in ("phi3", "phi"):
            fwd(mlp.activation_fn, p + "mlp_activation")
        elif family == "starcoder2":
            fwd(mlp.act, p + "mlp_activation")
        elif family not in MOE_FAMILIES:
            fwd(mlp.act_fn, p + "mlp_activation")
    return run_and_split_heads(model, cfg, ids, attention_mask, out, handles, H, Hkv, Dh)


def collect_opt_sites(model, cfg, ids, attention_mask, out, handles, keep, fwd, pre, H, Dh):
    """OPT has no MLP module: its sites are fc1's input, the activation and fc2's output, which HF
    computes on [B*T, D] (batch 1 here, so the whole tensor is the example)."""
    def whole(module, name, hook_input):
        if hook_input:
            handles.append(module.register_forward_pre_hook(lambda m, i: out.__setitem__(name, i[0].detach().clone())))
        else:
            handles.append(module.register_forward_hook(lambda m, i, o: out.__setitem__(name, o.detach().clone())))

    for l, layer in enumerate(model.model.decoder.layers):
        p = f"L{l}."
        attn = layer.self_attn
        pre(layer, p + "block_input")
        fwd(layer, p + "block_output")
        if cfg.do_layer_norm_before:
            fwd(layer.self_attn_layer_norm, p + "attention_input")
        else:
            pre(layer, p + "attention_input")  # post-LN: attention reads the block input itself
        fwd(attn, p + "attention_output")
        pre(attn.out_proj, p + "attention_value_output")
        fwd(attn.q_proj, p + "query_output")
        fwd(attn.k_proj, p + "key_output")
        fwd(attn.v_proj, p + "value_output")
        whole(layer.fc1, p + "mlp_input", True)
        whole(layer.activation_fn, p + "mlp_activation", False)
        whole(layer.fc2, p + "mlp_output", False)
    return run_and_split_heads(model, cfg, ids, attention_mask, out, handles, H, H, Dh)


def run_and_split_heads(model, cfg, ids, attention_mask, out, handles, H, Hkv, Dh):
    try:
        with torch.no_grad():
            logits = model(ids, attention_mask=attention_mask, use_cache=False).logits
    finally:
        for h in handles:
            h.remove()
    if hasattr(cfg, "num_experts_per_tok"):
        # transformers' own router_logits (MoE layers in order) must be what the hooks saw. (The
        # base model: the LM's auxiliary loss cannot take a 4D mask.)
        with torch.no_grad():
            returned = model.model(ids, attention_mask=attention_mask, use_cache=False, output_router_logits=True).router_logits
        hooked = [out[f"L{l}.moe_router_logits"] for l in range(cfg.num_hidden_layers) if f"L{l}.moe_router_logits" in out]
        assert len(hooked) == len(returned) > 0
        for mine, theirs in zip(hooked, returned):
            assert torch.equal(mine, theirs), "router logits differ from transformers' router_logits"
    for l in range(cfg.num_hidden_layers):
        for flat, heads, n in (("query_output", "head_query_output", H), ("key_output", "head_key_output", Hkv),
                               ("value_output", "head_value_output", Hkv),
                               ("attention_value_output", "head_attention_value_output", H)):
            t = out[f"L{l}.{flat}"]
            out[f"L{l}.{heads}"] = t.view(t.shape[0], n, Dh).permute(1, 0, 2).clone()
    return logits, {k: v.contiguous() for k, v in out.items()}


def make(case, seed):
    family = case["family"]
    config_cls, model_cls = FAMILIES[family]
    cfg = config_cls(**case["config"], attn_implementation="eager")
    torch.manual_seed(seed)
    model = model_cls(cfg).eval()
    perturb(model, family, seed + 1)
    model_dir = DATA / "models" / case["name"]
    model.save_pretrained(model_dir, safe_serialization=True)
    (model_dir / "generation_config.json").unlink(missing_ok=True)
    if "saved_overrides" in case:
        config_path = model_dir / "config.json"
        saved = json.loads(config_path.read_text())
        saved.update(case["saved_overrides"])
        config_path.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n")

    components = [c for c in COMPONENTS if not (family in MOE_FAMILIES and c == "mlp_activation")]
    if family in MOE_FAMILIES:
        components.append("moe_router_logits")
    expected_dir = DATA / "expected" / case["name"]
    expected_dir.mkdir(parents=True, exist_ok=True)
    prompts = []
    g = torch.Generator().manual_seed(seed + 2)
    for index, T in enumerate(case["prompt_lengths"]):
        ids = torch.randint(0, cfg.vocab_size, (1, T), generator=g)
        # A fresh model per prompt: dynamic NTK keeps state between calls in transformers.
        model = model_cls.from_pretrained(model_dir, config=cfg).eval() if index else model
        patch_reference(model, family, cfg, T)
        if family in EXPLICIT_WINDOW_MASK:
            mask = window_mask(T, cfg.sliding_window)
        else:
            mask = torch.ones(1, T, dtype=torch.long)
        logits, sites = collect_sites(model, family, cfg, ids, mask)
        tensors = {"input_ids": ids.contiguous(), "logits": logits.contiguous(), **sites}
        file = f"prompt{index}.safetensors"
        save_file(tensors, str(expected_dir / file))
        prompts.append({"index": index, "input_ids": ids[0].tolist(), "T": T, "file": file,
                        "max_abs_logit": logits.abs().max().item()})
    manifest = {
        "model": case["name"], "family": family, "model_dir": f"models/{case['name']}",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "method": "plain forward hooks at pyvene's anchor points; eager attention"
                  + ("; explicit 4D sliding-window mask" if family in EXPLICIT_WINDOW_MASK else "")
                  + ("; explicit 4D sliding-window mask on the layers from max_window_layers on"
                     if family == "qwen2_moe" and cfg.use_sliding_window else "")
                  + ("; qk_layernorm per head, as later transformers (4.43.4 fails for > 1 head)"
                     if family == "phi" and cfg.qk_layernorm and cfg.num_attention_heads > 1 else ""),
        "seed": seed, "num_layers": cfg.num_hidden_layers, "components": components, "prompts": prompts,
    }
    (expected_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(case["name"], [p["max_abs_logit"] for p in prompts])


def main():
    wanted = set(sys.argv[1:])
    for seed, case in enumerate(CASES):
        if not wanted or case["name"] in wanted:
            make(case, 1200 + 10 * seed)


if __name__ == "__main__":
    main()
