//! pocket-encoder's bundled MiniLM, run over many texts per forward pass.
//!
//! pocket-encoder runs its BERT once per text, so every matrix product has a dozen rows and
//! per-operation overhead dominates. Here the same weights (the very asset files
//! pocket-encoder compiles in, located by `build.rs`), dequantised exactly as its
//! `weights.rs` does, run through the F32 algorithm of its own `cpu.rs` (the
//! implementation it ships under the same model id on Linux ARM64), reorganised for groups:
//!
//! * The tokens of all texts of a group are *packed* into one matrix, without padding, so
//!   every dense layer is one large GEMM (same `gemm` crate and kernels as Candle).
//! * Attention runs per text over its own tokens only, which is exactly what a padded
//!   batch with an attention mask computes (masked keys get weight 0), minus the padding.
//! * Biases and residuals are written into the output before the GEMM accumulates into
//!   it, and GELU uses a vectorisable rational `erf` (error below 5e-7), instead of
//!   separate passes and a scalar `erff` per element.
//!
//! Each text's vector equals pocket-encoder's up to float rounding (measured: at most 1e-7
//! per coordinate); the tests compare them with `Encoder::embed` directly.

use std::collections::HashMap;
use tokenizers::{Tokenizer, TruncationParams};

macro_rules! asset {
    ($name:literal) => {
        concat!(env!("MNEMO_POCKET_ASSETS"), "/", $name)
    };
}

static MODEL_BYTES: &[u8] = include_bytes!(asset!("model.safetensors"));
static SHAPES: &str = include_str!(asset!("shapes.json"));
static CONFIG: &str = include_str!(asset!("config.json"));
static TOKENIZER: &[u8] = include_bytes!(asset!("tokenizer.json"));
static PROVENANCE: &str = include_str!(asset!("provenance.json"));

const HIDDEN: usize = 384;
const HEADS: usize = 12;
const HEAD: usize = HIDDEN / HEADS;
const INTERMEDIATE: usize = 1536;
const LAYERS: usize = 3;
const VOCAB: usize = 30522;
const TYPES: usize = 2;
/// pocket-encoder's limit, including the special tokens; longer texts are right-truncated.
const MAX_TOKENS: usize = 128;
/// Query, key and value projections side by side in one matrix.
const QKV: usize = 3 * HIDDEN;

/// One text's tokens.
pub(crate) struct Tokens {
    ids: Vec<u32>,
    type_ids: Vec<u32>,
}

impl Tokens {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A dense layer: weights `[out, in]` row-major (as stored), bias `[out]`.
struct Dense {
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

struct Norm {
    scale: Vec<f32>,
    bias: Vec<f32>,
}

struct Layer {
    /// Query, key and value fused, so the three projections are one GEMM.
    qkv: Dense,
    attention_out: Dense,
    attention_norm: Norm,
    intermediate: Dense,
    output: Dense,
    output_norm: Norm,
}

/// Weights and tokenizer, immutable after loading; shared by all threads.
pub(crate) struct Model {
    words: Vec<f32>,
    positions: Vec<f32>,
    token_types: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
    tokenizer: Tokenizer,
}

impl Model {
    pub(crate) fn load() -> Result<Self, String> {
        check_same_assets()?;
        check_config()?;
        let mut weights = Weights(load_weights()?);
        let mut layers = Vec::with_capacity(LAYERS);
        for layer in 0..LAYERS {
            let prefix = format!("encoder.layer.{layer}");
            let q = weights.dense(&format!("{prefix}.attention.self.query"), HIDDEN, HIDDEN)?;
            let k = weights.dense(&format!("{prefix}.attention.self.key"), HIDDEN, HIDDEN)?;
            let v = weights.dense(&format!("{prefix}.attention.self.value"), HIDDEN, HIDDEN)?;
            // Rows of a `[out, in]` matrix are output features: stacking the three
            // matrices gives one `[3 * HIDDEN, HIDDEN]` projection.
            let qkv = Dense {
                weight: [q.weight, k.weight, v.weight].concat(),
                bias: [q.bias, k.bias, v.bias].concat(),
                inputs: HIDDEN,
                outputs: QKV,
            };
            layers.push(Layer {
                qkv,
                attention_out: weights.dense(
                    &format!("{prefix}.attention.output.dense"),
                    HIDDEN,
                    HIDDEN,
                )?,
                attention_norm: weights.norm(&format!("{prefix}.attention.output.LayerNorm"))?,
                intermediate: weights.dense(
                    &format!("{prefix}.intermediate.dense"),
                    HIDDEN,
                    INTERMEDIATE,
                )?,
                output: weights.dense(&format!("{prefix}.output.dense"), INTERMEDIATE, HIDDEN)?,
                output_norm: weights.norm(&format!("{prefix}.output.LayerNorm"))?,
            });
        }
        Ok(Self {
            words: weights.take("embeddings.word_embeddings.weight", &[VOCAB, HIDDEN])?,
            positions: weights.take("embeddings.position_embeddings.weight", &[512, HIDDEN])?,
            token_types: weights
                .take("embeddings.token_type_embeddings.weight", &[TYPES, HIDDEN])?,
            embedding_norm: weights.norm("embeddings.LayerNorm")?,
            layers,
            tokenizer: tokenizer()?,
        })
    }

    pub(crate) fn tokenize(&self, text: &str) -> Result<Tokens, String> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| e.to_string())?;
        let tokens = Tokens {
            ids: encoding.get_ids().to_vec(),
            type_ids: encoding.get_type_ids().to_vec(),
        };
        if tokens.ids.is_empty()
            || tokens.ids.len() > MAX_TOKENS
            || tokens.type_ids.len() != tokens.ids.len()
            || tokens.ids.iter().any(|&id| id as usize >= VOCAB)
            || tokens.type_ids.iter().any(|&t| t as usize >= TYPES)
        {
            return Err("tokenizer produced invalid tokens".into());
        }
        Ok(tokens)
    }

    /// Masked sums of the last hidden states, one row per text, in the order given.
    /// Not normalised; the caller normalises exactly as pocket-encoder does.
    /// `parallel` lets the GEMMs split over the current rayon pool; worth it only when
    /// there are fewer groups than threads.
    pub(crate) fn pooled(&self, group: &[&Tokens], parallel: bool) -> Vec<Vec<f32>> {
        let rows: usize = group.iter().map(|t| t.len()).sum();
        let parallelism = match rayon::current_num_threads() {
            threads if parallel && threads > 1 => gemm::Parallelism::Rayon(threads),
            _ => gemm::Parallelism::None,
        };

        // Embeddings, summed in pocket-encoder's order: (word + type) + position.
        let mut hidden = vec![0.0f32; rows * HIDDEN];
        let mut row = 0;
        for tokens in group {
            for (position, (&id, &kind)) in tokens.ids.iter().zip(&tokens.type_ids).enumerate() {
                let word = &self.words[id as usize * HIDDEN..][..HIDDEN];
                let kind = &self.token_types[kind as usize * HIDDEN..][..HIDDEN];
                let place = &self.positions[position * HIDDEN..][..HIDDEN];
                let out = &mut hidden[row * HIDDEN..][..HIDDEN];
                for j in 0..HIDDEN {
                    out[j] = (word[j] + kind[j]) + place[j];
                }
                row += 1;
            }
        }
        self.embedding_norm.apply(&mut hidden);

        let mut qkv = vec![0.0f32; rows * QKV];
        let mut context = vec![0.0f32; rows * HIDDEN];
        let mut attention = vec![0.0f32; rows * HIDDEN];
        let mut intermediate = vec![0.0f32; rows * INTERMEDIATE];
        for layer in &self.layers {
            layer
                .qkv
                .forward(&hidden, rows, None, &mut qkv, parallelism);
            let mut start = 0;
            for tokens in group {
                let len = tokens.len();
                attend(
                    &qkv[start * QKV..(start + len) * QKV],
                    len,
                    &mut context[start * HIDDEN..(start + len) * HIDDEN],
                );
                start += len;
            }
            layer
                .attention_out
                .forward(&context, rows, Some(&hidden), &mut attention, parallelism);
            layer.attention_norm.apply(&mut attention);
            layer
                .intermediate
                .forward(&attention, rows, None, &mut intermediate, parallelism);
            gelu(&mut intermediate);
            layer.output.forward(
                &intermediate,
                rows,
                Some(&attention),
                &mut hidden,
                parallelism,
            );
            layer.output_norm.apply(&mut hidden);
        }

        // Mean pooling without the division, as pocket-encoder: normalisation removes it.
        let mut pooled = Vec::with_capacity(group.len());
        let mut start = 0;
        for tokens in group {
            let mut sum = vec![0.0f32; HIDDEN];
            for row in hidden[start * HIDDEN..(start + tokens.len()) * HIDDEN].chunks_exact(HIDDEN)
            {
                for (s, v) in sum.iter_mut().zip(row) {
                    *s += v;
                }
            }
            start += tokens.len();
            pooled.push(sum);
        }
        pooled
    }
}

impl Dense {
    /// `out = input · weightᵀ + bias (+ residual)`, for `rows` packed tokens.
    fn forward(
        &self,
        input: &[f32],
        rows: usize,
        residual: Option<&[f32]>,
        out: &mut [f32],
        parallelism: gemm::Parallelism,
    ) {
        assert_eq!(input.len(), rows * self.inputs);
        assert_eq!(out.len(), rows * self.outputs);
        assert_eq!(self.weight.len(), self.outputs * self.inputs);
        // The GEMM accumulates into `out`, so bias and residual cost no extra pass.
        match residual {
            Some(residual) => {
                assert_eq!(residual.len(), out.len());
                for (out, residual) in out
                    .chunks_exact_mut(self.outputs)
                    .zip(residual.chunks_exact(self.outputs))
                {
                    for ((o, r), b) in out.iter_mut().zip(residual).zip(&self.bias) {
                        *o = r + b;
                    }
                }
            }
            None => {
                for out in out.chunks_exact_mut(self.outputs) {
                    out.copy_from_slice(&self.bias);
                }
            }
        }
        if rows <= FEW_ROWS && matches!(parallelism, gemm::Parallelism::Rayon(t) if t > 1) {
            return self.accumulate_few(input, rows, out, parallelism);
        }
        // SAFETY: all three are contiguous row-major F32 buffers whose lengths were checked
        // above against the dimensions passed; `out` is a unique borrow, so it cannot alias
        // either input. The weight is `[outputs, inputs]`, read transposed through strides.
        unsafe {
            gemm::gemm(
                rows,
                self.outputs,
                self.inputs,
                out.as_mut_ptr(),
                1,
                self.outputs as isize,
                true,
                input.as_ptr(),
                1,
                self.inputs as isize,
                self.weight.as_ptr(),
                self.inputs as isize,
                1,
                1.0,
                1.0,
                false,
                false,
                false,
                parallelism,
            );
        }
    }
}

/// Up to this many token rows (a query), when the products would be split over threads, dense
/// layers skip the GEMM, which splits a dozen rows badly (measured on 2 cores, one short text:
/// median 9.0 ms through the GEMM on both cores, 7.7 ms on one thread, 5.1 ms this way).
/// Each thread takes a share of the output features and dots each weight row with every
/// token row.
const FEW_ROWS: usize = 24;

impl Dense {
    /// `out += input · weightᵀ`, one output feature at a time; the output features are
    /// split over the pool's threads when the GEMM would have been.
    fn accumulate_few(
        &self,
        input: &[f32],
        rows: usize,
        out: &mut [f32],
        parallelism: gemm::Parallelism,
    ) {
        use rayon::prelude::*;
        let (inputs, outputs) = (self.inputs, self.outputs);
        let parts = match parallelism {
            gemm::Parallelism::Rayon(threads) => threads.max(1),
            _ => 1,
        };
        let chunk = outputs.div_ceil(parts);
        let partials: Vec<(usize, Vec<f32>)> = (0..parts)
            .into_par_iter()
            .map(|p| {
                let start = p * chunk;
                let end = (start + chunk).min(outputs);
                let mut sums = vec![0.0f32; rows * (end - start)];
                for (j, o) in (start..end).enumerate() {
                    let w = &self.weight[o * inputs..][..inputs];
                    for r in 0..rows {
                        sums[r * (end - start) + j] = dot(&input[r * inputs..][..inputs], w);
                    }
                }
                (start, sums)
            })
            .collect();
        for (start, sums) in partials {
            let width = sums.len() / rows.max(1);
            for r in 0..rows {
                let row = &mut out[r * outputs + start..][..width];
                for (o, s) in row.iter_mut().zip(&sums[r * width..][..width]) {
                    *o += s;
                }
            }
        }
    }
}

impl Norm {
    /// Layer normalisation of every row, with Candle's F32 reduction (as pocket-encoder's
    /// `cpu.rs` does) and the model's epsilon of 1e-12.
    fn apply(&self, values: &mut [f32]) {
        for row in values.chunks_exact_mut(HIDDEN) {
            let mut sum = 0.0f32;
            let mut sum2 = 0.0f32;
            for &v in row.iter() {
                sum += v;
                sum2 += v * v;
            }
            let mean = sum / HIDDEN as f32;
            let inverse = (sum2 / HIDDEN as f32 - mean * mean + 1e-12).sqrt().recip();
            for ((v, scale), bias) in row.iter_mut().zip(&self.scale).zip(&self.bias) {
                *v = (*v - mean) * inverse * scale + bias;
            }
        }
    }
}

/// Multi-head self-attention of one text: `qkv` holds its `len` rows of fused projections,
/// `context` receives its `len` rows of attention output. Every token attends to all
/// tokens of its own text and to nothing else, as with an attention mask.
fn attend(qkv: &[f32], len: usize, context: &mut [f32]) {
    let scale = (HEAD as f64).sqrt();
    let mut scores = vec![0.0f32; len];
    for head in 0..HEADS {
        let q_at = head * HEAD;
        let k_at = HIDDEN + head * HEAD;
        let v_at = 2 * HIDDEN + head * HEAD;
        for i in 0..len {
            let query = &qkv[i * QKV + q_at..][..HEAD];
            for (j, score) in scores.iter_mut().enumerate() {
                let key = &qkv[j * QKV + k_at..][..HEAD];
                *score = (dot(query, key) as f64 / scale) as f32;
            }
            let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for score in scores.iter_mut() {
                *score = (*score - max).exp();
                sum += *score;
            }
            let out = &mut context[i * HIDDEN + head * HEAD..][..HEAD];
            out.fill(0.0);
            for (j, &score) in scores.iter().enumerate() {
                let weight = score / sum;
                let value = &qkv[j * QKV + v_at..][..HEAD];
                for (o, v) in out.iter_mut().zip(value) {
                    *o += weight * v;
                }
            }
        }
    }
}

/// Dot product of two head vectors, in eight independent lanes so it vectorises.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    for (a, b) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for l in 0..8 {
            lanes[l] += a[l] * b[l];
        }
    }
    lanes.iter().sum()
}

/// Exact (erf-based) GELU, as BERT's `hidden_act = "gelu"`, in place.
fn gelu(values: &mut [f32]) {
    for v in values.iter_mut() {
        *v = (erf(*v * std::f32::consts::FRAC_1_SQRT_2) + 1.0) * 0.5 * *v;
    }
}

/// erf as a rational function of x (the coefficients of Eigen's and XLA's float `erf`),
/// absolute error below 5e-7 in F32: no branches, table or `exp`, so the GELU loop
/// vectorises, unlike a call to `erff` per element. Beyond ±4, erf is ±1 in F32.
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 + -2.101_024e-6;
    p = p * x2 + -5.692_506_4e-5;
    p = p * x2 + -7.349_906e-4;
    p = p * x2 + -2.954_600_2e-3;
    p = p * x2 + -1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 + -2.133_740_6e-4;
    q = q * x2 + -1.682_827e-3;
    q = q * x2 + -7.373_329_2e-3;
    q = q * x2 + -1.426_474e-2;
    x * p / q
}

/// The included provenance must describe the weights the linked pocket-encoder reports,
/// or vectors would be stored under an id that is not theirs.
fn check_same_assets() -> Result<(), String> {
    let provenance: serde_json::Value =
        serde_json::from_str(PROVENANCE).map_err(|e| e.to_string())?;
    let info = pocket_encoder::model_info();
    let revision = provenance["bundled_sha256"]
        .as_str()
        .map(|sha| format!("sha256:{sha}"));
    let tokenizer = provenance["tokenizer_sha256"].as_str();
    if revision.as_deref() != Some(info.revision.as_str())
        || tokenizer != Some(info.tokenizer_sha256.as_str())
        || info.dimensions != HIDDEN
        || info.max_tokens != MAX_TOKENS
    {
        return Err("compiled-in assets are not those of the linked pocket-encoder".into());
    }
    Ok(())
}

/// The architecture this file implements; anything else must not run through it.
fn check_config() -> Result<(), String> {
    let config: serde_json::Value = serde_json::from_str(CONFIG).map_err(|e| e.to_string())?;
    if config["hidden_size"] != HIDDEN
        || config["num_attention_heads"] != HEADS
        || config["num_hidden_layers"] != LAYERS
        || config["intermediate_size"] != INTERMEDIATE
        || config["hidden_act"] != "gelu"
        || config["layer_norm_eps"] != 1e-12
        || config["vocab_size"] != VOCAB
        || config["type_vocab_size"] != TYPES
        || config["max_position_embeddings"] != 512
        || config["position_embedding_type"] != "absolute"
    {
        return Err("unsupported bundled model configuration".into());
    }
    Ok(())
}

/// Same settings as pocket-encoder's `tokenizer()`: no padding, right truncation at 128.
fn tokenizer() -> Result<Tokenizer, String> {
    let mut tokenizer = Tokenizer::from_bytes(TOKENIZER).map_err(|e| e.to_string())?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: MAX_TOKENS,
            ..Default::default()
        }))
        .map_err(|e| e.to_string())?;
    Ok(tokenizer)
}

type Weight = (Vec<usize>, Vec<f32>);

/// Dequantised weights by name, taken out one by one with their expected shapes.
struct Weights(HashMap<String, Weight>);

impl Weights {
    fn take(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, String> {
        match self.0.remove(name) {
            Some((found, data)) if found == shape => Ok(data),
            Some(_) => Err(format!("bundled weight {name} has an unexpected shape")),
            None => Err(format!("bundled weight {name} is missing")),
        }
    }

    fn dense(&mut self, name: &str, inputs: usize, outputs: usize) -> Result<Dense, String> {
        Ok(Dense {
            weight: self.take(&format!("{name}.weight"), &[outputs, inputs])?,
            bias: self.take(&format!("{name}.bias"), &[outputs])?,
            inputs,
            outputs,
        })
    }

    fn norm(&mut self, name: &str) -> Result<Norm, String> {
        Ok(Norm {
            scale: self.take(&format!("{name}.weight"), &[HIDDEN])?,
            bias: self.take(&format!("{name}.bias"), &[HIDDEN])?,
        })
    }
}

/// Dequantises exactly as pocket-encoder 0.1.2's `weights.rs`: 1-D parameters are stored
/// as little-endian F32; matrices as 4-bit symmetric values (nibble - 8, low nibble
/// first) times an F16 scale per group of 32.
fn load_weights() -> Result<HashMap<String, Weight>, String> {
    let file = safetensors::SafeTensors::deserialize(MODEL_BYTES).map_err(|e| e.to_string())?;
    let shapes: HashMap<String, Vec<usize>> =
        serde_json::from_str(SHAPES).map_err(|e| e.to_string())?;
    let mut weights = HashMap::new();
    for (name, shape) in shapes {
        let count = shape.iter().product::<usize>();
        let data = if shape.len() < 2 {
            file.tensor(&name)
                .map_err(|e| e.to_string())?
                .data()
                .as_chunks::<4>()
                .0
                .iter()
                .map(|b| f32::from_le_bytes(*b))
                .collect::<Vec<_>>()
        } else {
            let packed = file
                .tensor(&format!("{name}.q4"))
                .map_err(|e| e.to_string())?;
            let scales = file
                .tensor(&format!("{name}.scales"))
                .map_err(|e| e.to_string())?;
            let scales = scales
                .data()
                .as_chunks::<2>()
                .0
                .iter()
                .map(|b| half::f16::from_bits(u16::from_le_bytes(*b)).to_f32())
                .collect::<Vec<_>>();
            let packed = packed.data();
            if packed.len() * 2 < count || scales.len() * 32 < count {
                return Err("invalid bundled quantized tensor length".into());
            }
            (0..count)
                .map(|i| {
                    let nibble = (packed[i / 2] >> ((i % 2) * 4)) & 15;
                    (nibble as i16 - 8) as f32 * scales[i / 32]
                })
                .collect()
        };
        if data.len() != count {
            return Err("invalid bundled tensor length".into());
        }
        weights.insert(name, (shape, data));
    }
    Ok(weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// erf in f64 by its Taylor series, exact to about 1e-9 for |x| <= 4.5 (beyond that,
    /// erf rounds to ±1 in F32).
    fn erf_reference(x: f64) -> f64 {
        if x.abs() > 4.5 {
            return x.signum();
        }
        // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
        let mut term = x;
        let mut sum = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn rational_erf_is_accurate_to_f32_precision() {
        let mut worst = 0.0f64;
        for i in -60_000..=60_000 {
            let x = i as f32 / 10_000.0;
            let error = (erf(x) as f64 - erf_reference(x as f64)).abs();
            worst = worst.max(error);
        }
        // Measured 4.5e-7 (near |x| = 3.9, from F32 rounding of the polynomials).
        assert!(worst < 5e-7, "max erf error {worst}");
        assert!((erf(10.0) - 1.0).abs() < 5e-7 && (erf(-10.0) + 1.0).abs() < 5e-7);
        assert!(erf(0.0) == 0.0 && erf(f32::MAX) <= 1.0);
    }
}
