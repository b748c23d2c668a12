#!/usr/bin/env python3
"""References for the experiment kinds attention_patterns, logit_attribution and
attribution_patching, computed with HuggingFace transformers (4.43.4) on the committed tiny models.

Writes tests/data/expected/kinds/manifest.json (prompts, answers, the scalar attribution terms) and
tests/data/expected/kinds/<model>.safetensors:

| tensor | shape | what |
| --- | --- | --- |
| `input_ids`, `corrupted_ids` | [1, T] | the prompt; the corrupted prompt (2 tokens changed) |
| `attentions.{l}` | [H, T, T] | `model(ids, output_attentions=True).attentions[l][0]`, eager attention |
| `dla.heads` | [L, H] | each head's direct logit attribution (float64) |
| `dla.layers` | [L, 2] | per layer: attention (all heads + output bias), MLP |
| `dla.attention_bias` | [L] | the output projection's bias alone |
| `atp.block_output` | [L, T] | AtP estimate (a_clean − a_corrupted) · ∂(logit diff)/∂a in the corrupted run |
| `atp.head_attention_value_output` | [L, H] | the same per head, over all positions |

Direct logit attribution here follows HF's own modules: the input of the attention output
projection split per head and multiplied by that head's columns (rows for GPT-2's Conv1D), each
branch's output (through Gemma 2's post norms with their scale frozen on the branch's total), the
final norm with its scale frozen on the last residual, and lm_head's rows of the two answers.
Answers: the clean prompt's top token (correct) and its runner-up (incorrect), as direct logit
attribution defaults to; the AtP test passes them to Causeway explicitly.

Run:  . ../shared/refenv/env-0.1.8.sh && $REF_PY tests/reference/gen_kind_references.py
"""
import json
from pathlib import Path

import torch
import transformers
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
OUT = DATA / "expected" / "kinds"

ATTENTION_MODELS = ["gpt2-tiny", "llama-tiny", "gemma2-softcap-window"]
DLA_MODELS = ["gpt2-tiny", "llama-tiny", "gemma2-softcap-window", "gpt_neox-tiny", "phi-tiny"]
ATP_MODELS = ["gpt2-tiny", "llama-tiny"]
T = 11


class Parts:
    """The modules direct logit attribution and AtP read, per family."""

    def __init__(self, model):
        self.model = model
        kind = model.config.model_type
        if kind == "gpt2":
            base = model.transformer
            self.layers, self.final_norm, self.lm_head = base.h, base.ln_f, model.lm_head
            self.attn = lambda l: self.layers[l].attn
            self.out_proj = lambda l: self.layers[l].attn.c_proj
        elif kind == "gpt_neox":
            base = model.gpt_neox
            self.layers, self.final_norm, self.lm_head = base.layers, base.final_layer_norm, model.embed_out
            self.attn = lambda l: self.layers[l].attention
            self.out_proj = lambda l: self.layers[l].attention.dense
        else:  # llama, gemma2, phi
            base = model.model
            self.layers, self.lm_head = base.layers, model.lm_head
            self.final_norm = base.final_layernorm if kind == "phi" else base.norm
            self.attn = lambda l: self.layers[l].self_attn
            self.out_proj = lambda l: getattr(self.layers[l].self_attn, "dense" if kind == "phi" else "o_proj")
        self.mlp = lambda l: self.layers[l].mlp
        self.post_attention_norm = lambda l: self.layers[l].post_attention_layernorm if kind == "gemma2" else None
        self.post_mlp_norm = lambda l: self.layers[l].post_feedforward_layernorm if kind == "gemma2" else None
        self.conv1d = kind == "gpt2"
        self.heads = model.config.num_attention_heads
        self.head_dim = getattr(model.config, "head_dim", None) or model.config.hidden_size // self.heads


def frozen(norm, total, piece):
    """norm as a linear map of piece, its scale computed on total; no bias."""
    name = type(norm).__name__
    if isinstance(norm, torch.nn.LayerNorm):
        scale = torch.rsqrt(total.var(-1, unbiased=False) + norm.eps)
        return (piece - piece.mean(-1, keepdim=True)) * scale * norm.weight.double()
    eps = getattr(norm, "variance_epsilon", getattr(norm, "eps", None))
    weight = norm.weight.double() + (1.0 if name == "Gemma2RMSNorm" else 0.0)
    return piece * torch.rsqrt(total.pow(2).mean(-1) + eps) * weight


def norm_bias(norm):
    return norm.bias.double() if getattr(norm, "bias", None) is not None else None


def load(name):
    model = transformers.AutoModelForCausalLM.from_pretrained(DATA / "models" / name, torch_dtype=torch.float32,
                                                              attn_implementation="eager")
    model.eval()
    return model


def output_of(x):
    return x[0] if isinstance(x, tuple) else x


def dla(model, ids):
    parts = Parts(model)
    L, H, Dh = len(parts.layers), parts.heads, parts.head_dim
    seen = {}
    hooks = []
    for l in range(L):
        hooks.append(parts.out_proj(l).register_forward_pre_hook(
            lambda m, args, l=l: seen.__setitem__(("ctx", l), args[0][0, -1].double())))
        hooks.append(parts.attn(l).register_forward_hook(
            lambda m, args, out, l=l: seen.__setitem__(("attn", l), output_of(out)[0, -1].double())))
        hooks.append(parts.mlp(l).register_forward_hook(
            lambda m, args, out, l=l: seen.__setitem__(("mlp", l), output_of(out)[0, -1].double())))
    with torch.no_grad():
        out = model(ids, output_hidden_states=True)
    for h in hooks:
        h.remove()
    logits = out.logits[0, -1]
    top = logits.topk(2).indices
    correct, incorrect = int(top[0]), int(top[1])
    with torch.no_grad():
        final = out.hidden_states[-1][0, -1].double()  # HF's last hidden state is already final-normed
        # the residual before the final norm: the embeddings plus every branch
        residual = out.hidden_states[0][0, -1].double()
        for l in range(L):
            attn = seen[("attn", l)]
            post = parts.post_attention_norm(l)
            residual = residual + (post(attn.float()).double() if post is not None else attn)
            mlp = seen[("mlp", l)]
            post = parts.post_mlp_norm(l)
            residual = residual + (post(mlp.float()).double() if post is not None else mlp)
        unembed = parts.lm_head.weight.double()
        direction = unembed[correct] - unembed[incorrect]

        def share(piece):
            return float(frozen(parts.final_norm, residual, piece) @ direction)

        heads = torch.zeros(L, H, dtype=torch.float64)
        layers = torch.zeros(L, 2, dtype=torch.float64)
        biases = torch.zeros(L, dtype=torch.float64)
        for l in range(L):
            proj = parts.out_proj(l)
            w = proj.weight.double()  # Conv1D [in, out]; Linear [out, in]
            ctx = seen[("ctx", l)]
            total = seen[("attn", l)]
            post = parts.post_attention_norm(l)
            for h in range(H):
                cols = slice(h * Dh, (h + 1) * Dh)
                piece = ctx[cols] @ w[cols] if parts.conv1d else w[:, cols] @ ctx[cols]
                if post is not None:
                    piece = frozen(post, total, piece)
                heads[l, h] = share(piece)
            bias = proj.bias.double() if proj.bias is not None else torch.zeros_like(total)
            if post is not None:
                bias = frozen(post, total, bias)
            biases[l] = share(bias)
            mlp = seen[("mlp", l)]
            post = parts.post_mlp_norm(l)
            mlp_piece = frozen(post, mlp, mlp) if post is not None else mlp
            layers[l, 0] = heads[l].sum() + biases[l]
            layers[l, 1] = share(mlp_piece)
        embeddings = share(out.hidden_states[0][0, -1].double())
        fb = norm_bias(parts.final_norm)
        final_norm_bias = float(fb @ direction) if fb is not None else 0.0
        ub = getattr(parts.lm_head, "bias", None)
        unembedding_bias = float(ub[correct] - ub[incorrect]) if ub is not None else 0.0
        total = embeddings + float(layers.sum()) + final_norm_bias + unembedding_bias
        # Before any soft cap: the final-normed state through lm_head.
        precap = parts.lm_head(final.float())
        precap_difference = float(precap[correct] - precap[incorrect])
        assert abs(total - precap_difference) < 1e-4, (total, precap_difference)
    terms = dict(correct=correct, incorrect=incorrect, embeddings=embeddings, final_norm_bias=final_norm_bias,
                 unembedding_bias=unembedding_bias, total=total, precap_difference=precap_difference,
                 model_difference=float(logits[correct] - logits[incorrect]))
    return {"dla.heads": heads, "dla.layers": layers, "dla.attention_bias": biases}, terms


def atp(model, clean, corrupted):
    """Denoising AtP of logit(correct) − logit(incorrect): base = corrupted, source = clean."""
    parts = Parts(model)
    L = len(parts.layers)
    H, Dh = parts.heads, parts.head_dim

    def run(ids, with_grad):
        acts, zeros, hooks = {}, {}, []

        def add_zero(key, x):
            acts[key] = x.detach()
            if not with_grad:
                return x
            zero = torch.zeros_like(x, requires_grad=True)
            zeros[key] = zero
            return x + zero

        for l in range(L):
            hooks.append(parts.layers[l].register_forward_hook(
                lambda m, args, out, l=l: (add_zero(("block_output", l), out[0]),) + tuple(out[1:])))
            hooks.append(parts.out_proj(l).register_forward_pre_hook(
                lambda m, args, l=l: (add_zero(("head", l), args[0]),) + tuple(args[1:])))
        with torch.set_grad_enabled(with_grad):
            logits = model(ids).logits[0, -1]
        for h in hooks:
            h.remove()
        return logits, acts, zeros

    clean_logits, clean_acts, _ = run(clean, False)
    corrupt_logits, corrupt_acts, zeros = run(corrupted, True)
    top = clean_logits.topk(2).indices  # explicit answers: the corrupted run's top token may be the clean one's
    correct, incorrect = int(top[0]), int(top[1])
    (corrupt_logits[correct] - corrupt_logits[incorrect]).backward()
    blocks = torch.zeros(L, clean.shape[1], dtype=torch.float64)
    heads = torch.zeros(L, H, dtype=torch.float64)
    for l in range(L):
        d = (clean_acts[("block_output", l)] - corrupt_acts[("block_output", l)]) * zeros[("block_output", l)].grad
        blocks[l] = d[0].double().sum(-1)
        d = (clean_acts[("head", l)] - corrupt_acts[("head", l)]) * zeros[("head", l)].grad  # [1, T, H*Dh]
        heads[l] = d[0].double().view(clean.shape[1], H, Dh).sum((0, 2))
    return {"atp.block_output": blocks, "atp.head_attention_value_output": heads}, dict(correct=correct, incorrect=incorrect)


def main():
    torch.manual_seed(13)
    ids = torch.randint(3, 128, (1, T))
    corrupted = ids.clone()
    corrupted[0, 3] = (ids[0, 3] + 17) % 125 + 3
    corrupted[0, 7] = (ids[0, 7] + 29) % 125 + 3
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {"transformers": transformers.__version__, "torch": torch.__version__, "input_ids": ids[0].tolist(),
                "corrupted_ids": corrupted[0].tolist(), "models": {}}
    for name in sorted(set(ATTENTION_MODELS + DLA_MODELS + ATP_MODELS)):
        model = load(name)
        tensors = {"input_ids": ids, "corrupted_ids": corrupted}
        entry = {}
        if name in ATTENTION_MODELS:
            with torch.no_grad():
                attentions = model(ids, output_attentions=True).attentions
            for l, a in enumerate(attentions):
                tensors[f"attentions.{l}"] = a[0].contiguous()
        if name in DLA_MODELS:
            found, entry["dla"] = dla(model, ids)
            tensors.update(found)
        if name in ATP_MODELS:
            found, entry["atp"] = atp(model, ids, corrupted)
            tensors.update(found)
        save_file({k: v.contiguous() for k, v in tensors.items()}, OUT / f"{name}.safetensors")
        manifest["models"][name] = entry
        print(name, json.dumps(entry))
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
