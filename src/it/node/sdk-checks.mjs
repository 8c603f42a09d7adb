// Runs the official OpenAI and Anthropic Node SDKs against a simulator and prints what they
// returned as one JSON object on stdout. The Java integration tests start it and assert on it:
// this script only calls and records, it judges nothing.
//
//   node sdk-checks.mjs BASE_URL API_KEY MODEL
//
// Each check records its result or the error it met, so that one failing call still lets the
// others report. Every request the SDKs send is recorded too (path, the headers that carry the
// key, the fields that decide the wire format), to show what the SDKs asked for.
//
// Anthropic's checks run twice: with the SDK's 1.x, which sends the API key as
// `Authorization: Bearer`, and with its last 0.x, which sends it as `X-Api-Key`.
import Anthropic from '@anthropic-ai/sdk';
import AnthropicBeforeOne from 'anthropic-sdk-0';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const [baseUrl, apiKey, model] = process.argv.slice(2);
if (!baseUrl || !apiKey || !model) {
  console.error('usage: node sdk-checks.mjs BASE_URL API_KEY MODEL');
  process.exit(2);
}
const root = baseUrl.replace(/\/+$/, '');

/** A fetch that remembers each request it sends under the given log. */
function recordingFetch(log) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = new Headers(init.headers ?? {});
    let body = null;
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = null;
      }
    }
    log.push({
      path: url.pathname,
      authorization: headers.get('authorization'),
      xApiKey: headers.get('x-api-key'),
      encodingFormat: body?.encoding_format ?? null,
      stream: body?.stream ?? null,
    });
    return fetch(input, init);
  };
}

async function check(fn) {
  try {
    return await fn();
  } catch (error) {
    return {
      error: String(error?.message ?? error),
      status: error?.status ?? null,
      body: error?.error ?? null,
    };
  }
}

const openaiRequests = [];
const openai = new OpenAI({
  baseURL: `${root}/v1`,
  apiKey,
  maxRetries: 0,
  timeout: 30000,
  fetch: recordingFetch(openaiRequests),
});
const weather = {
  name: 'get_weather',
  description: 'Weather in a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string', minLength: 2 } },
    required: ['city'],
  },
};

/** Anthropic's checks with one version of its SDK. */
async function anthropicChecks(Client) {
  const requests = [];
  const client = new Client({
    baseURL: root,
    apiKey,
    maxRetries: 0,
    timeout: 30000,
    fetch: recordingFetch(requests),
  });
  const checks = {};
  checks.message = await check(async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 20,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello Claude from Node' }],
    });
    return {
      type: message.type,
      role: message.role,
      content: message.content,
      stopReason: message.stop_reason,
      usage: message.usage,
    };
  });

  checks.messageStream = await check(async () => {
    const stream = client.messages.stream({
      model,
      max_tokens: 20,
      messages: [{ role: 'user', content: 'Stream Claude to Node' }],
    });
    const types = [];
    let deltas = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        deltas += event.delta.text;
      }
    }
    const message = await stream.finalMessage();
    return { types, deltas, content: message.content, stopReason: message.stop_reason, usage: message.usage };
  });

  checks.toolUse = await check(async () => {
    const params = {
      model,
      max_tokens: 60,
      messages: [{ role: 'user', content: 'What is the weather?' }],
      tools: [weather],
      tool_choice: { type: 'any' },
    };
    const whole = await client.messages.create(params);
    const streamed = await client.messages.stream(params).finalMessage();
    return {
      whole: { content: whole.content, stopReason: whole.stop_reason },
      streamed: { content: streamed.content, stopReason: streamed.stop_reason },
    };
  });

  checks.countTokens = await check(async () => {
    const count = await client.messages.countTokens({
      model,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello Claude from Node' }],
    });
    return { inputTokens: count.input_tokens, count };
  });

  checks.wrongKey = await check(async () => {
    const stranger = new Client({ baseURL: root, apiKey: 'not-the-key', maxRetries: 0, timeout: 30000 });
    await stranger.messages.create({ model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    return { unexpected: 'the wrong key was accepted' };
  });

  checks.unknownModel = await check(async () => {
    await client.messages.countTokens({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] });
    return { unexpected: 'an unknown model was counted' };
  });
  checks.requests = requests;
  return checks;
}

const results = { openai: {}, anthropic: {} };

results.openai.chat = await check(async () => {
  const completion = await openai.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Hello from the Node SDK' }],
    max_tokens: 20,
  });
  return {
    text: completion.choices[0].message.content,
    finishReason: completion.choices[0].finish_reason,
    usage: completion.usage,
  };
});

results.openai.chatStream = await check(async () => {
  const stream = await openai.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Stream this to Node' }],
    max_tokens: 20,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let chunks = 0;
  let finishReason = null;
  let usage = null;
  for await (const chunk of stream) {
    chunks++;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      finishReason = choice.finish_reason ?? finishReason;
    }
    usage = chunk.usage ?? usage;
  }
  return { text, chunks, finishReason, usage };
});

results.openai.responses = await check(async () => {
  const response = await openai.responses.create({
    model,
    instructions: 'Be brief.',
    input: 'Respond from Node',
    max_output_tokens: 20,
  });
  return { status: response.status, text: response.output_text, usage: response.usage };
});

results.openai.responsesStream = await check(async () => {
  const stream = await openai.responses.create({
    model,
    input: 'Respond in a stream',
    max_output_tokens: 20,
    stream: true,
  });
  const types = [];
  const sequence = [];
  let deltas = '';
  let completed = null;
  for await (const event of stream) {
    types.push(event.type);
    sequence.push(event.sequence_number);
    if (event.type === 'response.output_text.delta') {
      deltas += event.delta;
    }
    if (event.type === 'response.completed') {
      completed = event.response;
    }
  }
  return {
    types,
    sequence,
    deltas,
    status: completed?.status ?? null,
    usage: completed?.usage ?? null,
  };
});

results.openai.embeddings = await check(async () => {
  const input = ['The food was delicious', 'The food was awful'];
  // The SDK asks for base64 unless told otherwise, and decodes the answer into numbers.
  const asked = await openai.embeddings.create({ model, input, dimensions: 8 });
  const asFloats = await openai.embeddings.create({ model, input, dimensions: 8, encoding_format: 'float' });
  return {
    vectors: asked.data.map((item) => Array.from(item.embedding)),
    floatVectors: asFloats.data.map((item) => item.embedding),
    usage: asked.usage,
  };
});

results.openai.wrongKey = await check(async () => {
  const stranger = new OpenAI({ baseURL: `${root}/v1`, apiKey: 'not-the-key', maxRetries: 0, timeout: 30000 });
  await stranger.models.list();
  return { unexpected: 'the wrong key was accepted' };
});

results.anthropic.current = await anthropicChecks(Anthropic);
results.anthropic.beforeOne = await anthropicChecks(AnthropicBeforeOne);
results.openai.requests = openaiRequests;
const version = (name) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
results.versions = {
  node: process.version,
  openai: version('openai'),
  anthropicCurrent: version('@anthropic-ai/sdk'),
  anthropicBeforeOne: version('anthropic-sdk-0'),
};
process.stdout.write(JSON.stringify(results) + '\n');
