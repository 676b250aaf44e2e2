# The two commands a newcomer needs: `make run` and `make test` (see README.md).
.PHONY: run test lint bench pot venv clean

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh

# refresh property_crm/i18n/*.pot and merge it into the .po files (see scripts/i18n.sh)
pot:
	bash scripts/i18n.sh

# only the virtualenv (.venv, or $$VENV) with requirements.txt and constraints.txt
venv:
	bash -c 'source scripts/lib.sh && ensure_venv'

clean:
	rm -rf .venv .cache
