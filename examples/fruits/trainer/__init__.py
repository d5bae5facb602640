"""The fruits example trainer: a small real image classifier for the magritte emulator.

Run by the emulator as `python3 -m trainer.task ... --job-dir gs://BUCKET/models/JOB`; see
task.py for the arguments and ../README.md for what it learns and exports.
"""
