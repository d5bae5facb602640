# The trainer package's setup, used when magritte packages trainer/ for Vertex AI (it puts
# this file in the source distribution; pip on the training machine installs what it needs).
from setuptools import find_packages, setup

setup(
    name="trainer",
    version="0.1",
    packages=find_packages(include=["trainer", "trainer.*"]),
    install_requires=["numpy", "pillow", "onnx"],
    description="The fruits classifier's trainer (magritte's example)",
)
