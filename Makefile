# The two commands a newcomer needs: `make run` and `make test` (see README.md).
.PHONY: run test lint bench pot clean

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh

clean:
	rm -rf .venv .cache
