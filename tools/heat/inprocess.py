"""Real OpenStack Heat (Debian's python3-heat), run in this process with no services.

`validate(...)` answers what `openstack orchestration template validate
--show-nested -t TEMPLATE -e ENV...` would get from a Heat server: the client
half is heatclient's own code, the server half Heat's own API and engine code.
Only the things a validate request does not use, or that have no effect on its
answer, are replaced. Each stand-in, and why the answer is still Heat's:

1. Configuration: oslo.config with no config file, so every option has Heat's
   built-in default, except `[database] connection = sqlite://` and the limits
   the caller asks for (`LIMIT_PROFILES`). Nothing else in heat.conf changes a
   validate answer.
2. Database: an in-memory sqlite with Heat's own schema (models.BASE, as Heat's
   unit tests build it). Validation stores nothing; the one read is
   ResourceChain.child_template() counting active engine services to stagger
   `depends_on` (`active_service_count() or 1`): an empty table gives the same
   parameters as any number of engines, since only dependencies change.
3. RPC: `heat.rpc.client.EngineClient` is replaced by a class whose every
   method raises. ResourceGroup builds a GroupInspector with one, but only
   calls it when the group's nested stack exists (nested_identifier() is None
   before create). If any code path did call it, the run would fail loudly
   instead of answering differently.
4. Request context: a RequestContext with a made-up project, user and token
   and an auth URL on 127.0.0.1:9 (discard). Validation contacts no service
   (strict_validate=False, validate_res_tmpl_only=True); a call would fail
   with a connection error rather than return data.
5. The WSGI layer: instead of an HTTP round trip the request body is built as
   heatclient sends it (jsonutils.dumps of the same fields
   heatclient/osc/v1/template.py _validate builds), then read by Heat's own
   JSONRequestDeserializer.from_json (the max_json_body_size check) and
   InstantiationData (template, environment, files, environment_files) as
   the v1 StackController.validate_template does, and the engine's
   EngineService.validate_template is called directly (the RPC call would
   carry the same arguments). An `{'Error': ...}` answer is the API's
   HTTP 400; an exception is what the API's fault middleware maps to a status.
   The answer is serialized with Heat's JSONResponseSerializer, as on the wire.
6. Global environment: Heat reads /etc/heat/environment.d (heat-common's
   default.yaml, not installed here). Its entries alias AWS::CloudWatch::Alarm,
   AWS::RDS::DBInstance, OS::Metering::Alarm and OS::Quantum*, none of which
   THT uses, and a global environment never appears in the answer
   (user_env_as_dict is the user environment only).

Run with /usr/bin/python3 (the Debian packages install there).
"""
import contextlib
import json
import os
import sys

LIMIT_PROFILES = {
    # Heat's own defaults (heat/common/config.py, heat/common/wsgi.py,
    # heat/engine/hot/functions.py).
    'heat': {},
    # What environments/undercloud.yaml in THT sets for the undercloud's Heat
    # (HeatMaxNestedStackDepth, HeatMaxResourcesPerStack, HeatMaxJsonBodySize,
    # HeatYaqlLimitIterators, HeatYaqlMemoryQuota); it sets no max_template_size.
    'undercloud': {
        'max_nested_stack_depth': 7,
        'max_resources_per_stack': -1,
        'max_json_body_size': 4194304,
        'yaql.limit_iterators': 10000,
        'yaql.memory_quota': 200000,
    },
}

# Options a case may set (NAME or GROUP.NAME) and their groups.
LIMIT_OPTIONS = {
    'max_template_size': None,
    'max_nested_stack_depth': None,
    'max_resources_per_stack': None,
    'max_json_body_size': None,
    'yaql.limit_iterators': 'yaql',
    'yaql.memory_quota': 'yaql',
}

_heat = None


class _NoRpc(object):
    """Stand-in 3: an engine RPC client that must never be called at validate time."""

    def __getattr__(self, name):
        raise RuntimeError('validate made an RPC call (%s); the in-process '
                           'harness cannot answer it' % name)


def _load_heat():
    """Import and configure Heat once per process (about 1.5 s)."""
    global _heat
    if _heat is not None:
        return _heat
    from oslo_config import cfg
    from heat.common import config  # noqa: F401 (registers the options)
    from heat.common import wsgi
    cfg.CONF([], project='heat', default_config_files=[])
    cfg.CONF.set_override('connection', 'sqlite://', group='database')
    from heat.db.sqlalchemy import api as db_api
    from heat.db.sqlalchemy import models
    models.BASE.metadata.create_all(db_api.get_engine())
    from heat.rpc import client as rpc_client
    rpc_client.EngineClient = _NoRpc
    from heat.api.middleware import fault
    from heat.api.openstack.v1 import stacks
    from heat.common import context
    from heat.common import serializers
    from heat.engine import service
    from heat.engine.hot import functions as hot_functions
    from heatclient.common import template_utils
    from oslo_serialization import jsonutils
    import importlib.metadata
    _heat = {
        'cfg': cfg, 'wsgi': wsgi, 'stacks': stacks, 'context': context,
        'serializers': serializers, 'service': service, 'fault': fault,
        'template_utils': template_utils, 'jsonutils': jsonutils,
        'hot_functions': hot_functions,
        'engine': service.EngineService('localhost', 'engine'),
        'versions': {
            'heat': _package_version('python3-heat'),
            'heatclient': importlib.metadata.version('python-heatclient'),
            'yaql': importlib.metadata.version('yaql'),
        },
    }
    return _heat


def _package_version(package):
    """The Debian package version (the Python egg of heat has no metadata)."""
    try:
        with open('/var/lib/dpkg/status', encoding='utf-8') as f:
            stanzas = f.read().split('\n\n')
    except OSError:
        return 'unknown'
    for stanza in stanzas:
        if ('Package: %s\n' % package) in stanza + '\n':
            for line in stanza.splitlines():
                if line.startswith('Version: '):
                    return line[len('Version: '):]
    return 'unknown'


def versions():
    return dict(_load_heat()['versions'])


def resolve_limits(profile='undercloud', overrides=None):
    """The limit settings of a profile with NAME=VALUE overrides applied."""
    if profile not in LIMIT_PROFILES:
        raise ValueError('unknown limit profile %r (known: %s)'
                         % (profile, ', '.join(LIMIT_PROFILES)))
    limits = dict(LIMIT_PROFILES[profile])
    for name, value in (overrides or {}).items():
        if name not in LIMIT_OPTIONS:
            raise ValueError('unknown limit %r (known: %s)'
                             % (name, ', '.join(LIMIT_OPTIONS)))
        limits[name] = int(value)
    return limits


@contextlib.contextmanager
def limits_applied(limits):
    heat = _load_heat()
    cfg = heat['cfg']
    yaql_fn = heat['hot_functions'].Yaql
    applied = []
    for name, value in limits.items():
        group = LIMIT_OPTIONS[name]
        opt = name.split('.')[-1]
        cfg.CONF.set_override(opt, value, group=group)
        applied.append((opt, group))
    # Heat builds its yaql parser once, with the limits of that moment.
    yaql_fn._parser = None
    try:
        yield
    finally:
        for opt, group in applied:
            cfg.CONF.clear_override(opt, group=group)
        yaql_fn._parser = None


def _context():
    """Stand-in 4."""
    return _load_heat()['context'].RequestContext.from_dict({
        'tenant_id': 'tht-compare-project', 'tenant': 'tht-compare',
        'user_id': 'tht-compare-user', 'username': 'tht-compare',
        'roles': [], 'is_admin': False,
        'auth_url': 'http://127.0.0.1:9/v3', 'auth_token': 'not-a-token',
    })


def _exception_answer(ex):
    """What the API answers for an exception: the fault middleware's status and Heat's message."""
    heat = _load_heat()
    inner = getattr(ex, 'exc_info', None)
    if inner:  # engine.request_context wraps HeatExceptions in ExpectedException
        ex = inner[1]
    status = heat['fault'].FaultWrapper(None)._map_exception_to_error(
        ex.__class__).code
    message = getattr(ex, 'message', None)
    if not isinstance(message, str):
        message = str(ex)
    return {'status': status, 'error': {'type': type(ex).__name__,
                                        'message': message}}


def build_request(template_path, environment_paths):
    """heatclient's half: the fields `template validate` sends (paths relative to the cwd)."""
    template_utils = _load_heat()['template_utils']
    tpl_files, template = template_utils.process_template_path(template_path)
    env_files_list = []
    env_files, env = template_utils.process_multiple_environments_and_files(
        env_paths=list(environment_paths), env_list_tracker=env_files_list)
    fields = {
        'template': template,
        'parameters': {},
        'files': dict(list(tpl_files.items()) + list(env_files.items())),
        'environment': env,
    }
    if env_files_list:
        fields['environment_files'] = env_files_list
    return fields


def request_body(fields):
    """The body heatclient's HTTP client sends for FIELDS."""
    return _load_heat()['jsonutils'].dumps(fields)


def validate_body(body, limits):
    """Heat's half: the API and engine answer to a validate request body."""
    heat = _load_heat()
    with limits_applied(limits):
        try:
            data = heat['stacks'].InstantiationData(
                heat['wsgi'].JSONRequestDeserializer().from_json(body))
            result = heat['engine'].validate_template(
                _context(), data.template(), data.environment(),
                files=data.files(), environment_files=data.environment_files(),
                files_container=data.files_container(), show_nested=True)
        except Exception as ex:  # the API turns each of these into an HTTP error
            return _exception_answer(ex)
    if 'Error' in result:
        return {'status': 400, 'error': {'type': 'HTTPBadRequest',
                                         'message': result['Error']}}
    wire = heat['serializers'].JSONResponseSerializer().to_json(result)
    return {'status': 200, 'result': json.loads(wire)}


def validate(tree, template, environments, limits):
    """Validate TEMPLATE with the ENVIRONMENTS (paths relative to TREE).

    Returns {'status', 'request_bytes', 'request_files', 'result' | 'error'};
    file URLs in the answer start with file://TREE/.
    """
    try:
        fields = in_directory(tree, build_request, template, environments)
    except Exception as ex:  # heatclient refuses before sending anything
        return {'status': None, 'error': {'type': type(ex).__name__, 'message': str(ex)}}
    body = request_body(fields)
    answer = validate_body(body, limits)
    answer['request_bytes'] = len(body)
    answer['request_files'] = sorted(fields['files'])
    return answer


# ---- shared by the command-line scripts ----------------------------------------------

def add_case_arguments(ap):
    """The options that say which deployment to validate, and how."""
    ap.add_argument('--tree', required=True)
    ap.add_argument('--template', default='overcloud.yaml')
    ap.add_argument('-e', '--environment', action='append', default=[])
    ap.add_argument('--limits', default='undercloud', choices=sorted(LIMIT_PROFILES))
    ap.add_argument('--url-root')
    ap.add_argument('-o', '--output')


def with_url_root(text, tree, url_root):
    """TEXT (JSON) with the file:// URLs heatclient made from TREE starting with URL_ROOT instead."""
    if not url_root:
        return text
    return text.replace(json.dumps('file://' + tree + '/')[1:-1], url_root)


def write_output(text, path):
    """TEXT to PATH in one step (never half-written), or to stdout."""
    if not path:
        sys.stdout.write(text + '\n')
        return
    with open(path + '.part', 'w', encoding='utf-8') as f:
        f.write(text + '\n')
    os.replace(path + '.part', path)


def in_directory(directory, fn, *args):
    here = os.getcwd()
    os.chdir(directory)
    try:
        return fn(*args)
    finally:
        os.chdir(here)
