// Google's official Vertex AI client library for Node.js (@google-cloud/aiplatform, REST
// transport over HTTP/1.1) pointed straight at the magritte emulator, as a user's program
// would be: get a model, list its versions, list endpoints, predict. Run by the e2e test
// VertexClientLibrary (tests/e2e/vertex_clientlib_test.cpp) with the emulator it started:
//   node vertex_client_test.mjs PORT PROJECT LOCATION MODEL_ID ENDPOINT_ID IMAGE_BASE64
// Prints one JSON object on stdout (what the library returned); exits 1 on any error.
import aiplatform from '@google-cloud/aiplatform';
import {PassThroughClient} from 'google-auth-library';

const [port, project, location, modelId, endpointId, image] = process.argv.slice(2);
const options = {
  apiEndpoint: '127.0.0.1',
  port: Number(port),
  protocol: 'http',
  fallback: true, // HTTP/1.1 + JSON ("REST") instead of gRPC
  authClient: new PassThroughClient(), // the emulator needs no credentials
};
const {helpers} = aiplatform;
const parent = `projects/${project}/locations/${location}`;

const models = new aiplatform.v1.ModelServiceClient(options);
const endpoints = new aiplatform.v1.EndpointServiceClient(options);
const prediction = new aiplatform.v1.PredictionServiceClient(options);

const [model] = await models.getModel({name: `${parent}/models/${modelId}`});
const [versions] = await models.listModelVersions({name: `${parent}/models/${modelId}`});
const [listed] = await endpoints.listEndpoints({parent});
const [answer] = await prediction.predict({
  endpoint: `${parent}/endpoints/${endpointId}`,
  instances: [helpers.toValue({inputs: image})],
});

console.log(JSON.stringify({
  model: {
    name: model.name,
    versionId: model.versionId,
    versionAliases: model.versionAliases,
    // An enum: the library asked for numbers ($alt=json;enum-encoding=int) and maps them back.
    supportedDeploymentResourcesTypes: model.supportedDeploymentResourcesTypes,
    deployedModels: model.deployedModels.map((ref) => ref.deployedModelId),
  },
  versions: versions.map((version) => version.versionId),
  endpoints: listed.map((endpoint) => ({
    name: endpoint.name,
    trafficSplit: endpoint.trafficSplit,
    deployedModels: endpoint.deployedModels.map((deployed) => deployed.id),
  })),
  prediction: {
    deployedModelId: answer.deployedModelId,
    modelVersionId: answer.modelVersionId,
    predictions: answer.predictions.map((value) => helpers.fromValue(value)),
  },
}));
