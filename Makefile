# The two commands of the README. Both start with the idempotent set-up.
QUESTION ?= Can I sell images I made with Juggernaut XL?

.PHONY: setup run test bench
setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/explainer index
	.venv/bin/explainer ask "$(QUESTION)"

test: setup
	bash scripts/test.sh

bench: setup
	.venv/bin/python bench/retrieval.py
	.venv/bin/python bench/identify.py
	.venv/bin/python bench/answer.py
	.venv/bin/python bench/scan.py
	.venv/bin/python bench/outputs.py
	.venv/bin/python bench/eval_concurrency.py
	.venv/bin/python bench/mcp.py
