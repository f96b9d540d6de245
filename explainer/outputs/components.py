"""Components that generators name by file (text encoders, VAEs), and base checkpoints whose usual file names the
registry's aliases do not reach. Our own words. `match` is a regular expression over the lower-cased file name
without its extension; an entry gives either a `model` id of corpus/models.yaml or a `license` key with the
component's `name`, and the page that states the license (`source`)."""

from __future__ import annotations

COMPONENTS = (
    {"match": r"^(t5xxl|t5_xxl|t5-v1_1-xxl|t5-xxl|google_t5-v1_1-xxl)", "name": "T5 v1.1 XXL text encoder",
     "license": "apache-2.0", "source": "https://huggingface.co/google/t5-v1_1-xxl"},
    {"match": r"^(clip_l|clip-l|clip-vit-large-patch14|openai_clip_vit_l)", "name": "CLIP ViT-L/14 text encoder",
     "license": "mit", "source": "https://github.com/openai/CLIP"},
    {"match": r"^(clip_g|clip-g|clip-vit-bigg|open_clip_bigg)", "name": "OpenCLIP ViT-bigG text encoder",
     "license": "mit", "source": "https://huggingface.co/laion/CLIP-ViT-bigG-14-laion2B-39B-b160k"},
    {"match": r"^(ae|flux_ae|flux_vae|flux-vae|flux1_vae|flux1-vae|ae_flux)$", "name": "FLUX.1 autoencoder",
     "license": "apache-2.0", "source": "https://github.com/black-forest-labs/flux"},
    {"match": r"^sdxl[_-]?vae", "name": "SDXL VAE", "license": "mit",
     "source": "https://huggingface.co/stabilityai/sdxl-vae"},
    {"match": r"^(vae-ft-mse-840000|sd-vae-ft-mse|vae-ft-ema-560000)", "name": "Stable Diffusion VAE (ft-MSE/EMA)",
     "license": "mit", "source": "https://huggingface.co/stabilityai/sd-vae-ft-mse-original"},
    {"match": r"^(v1-5-pruned|sd-v1-5|sd_v1-5|v1-5-)", "model": "sd-1.5"},
    {"match": r"^(sd-v1-4|sd_v1-4|v1-4-)", "model": "sd-1.4"},
    {"match": r"^sd_xl_(base|refiner)_1\.0", "model": "sdxl-1.0"},
)
