/*
 * bench/gen: the data set of `make bench`, made the same way every time.
 *
 *   gen -c                  print the funnel config the data is made for
 *                           (bench/config.yaml is this output)
 *   gen [-n N] [-s SEED] [-d DB] [-t TSV] [-v]
 *
 * N deals (-n, else $BENCH_N, else 1000000) over three pipelines, owned by
 * 200 people in a team tree, with Chinese and ASCII titles and accounts,
 * amounts from 1,000 to 10,000,000, and each deal's history spread over the
 * two years before "now" ($CRM_NOW, default 2026-11-24T09:00:00Z): about 4
 * stage changes (advances, skipped stages, moves back, won, lost with a
 * reason, reopened now and then, or still open, some stalled for long),
 * about 5 activities, each with the stage the deal was in, and for one deal
 * in ten a change of amount (crm-set -v, kept in field_change).
 *
 * -t writes the deals as a TSV file in crm-add's import format (a header
 * line, then one deal a line; an import keeps no history, only where each
 * deal stands).  -d fills DB, which must already have crm's schema and no
 * deals (run any crm command on it first, e.g. `crm-ls -D DB`), with the
 * deals, their accounts, stage changes and activities, in one transaction;
 * the deal table's stage, status, stage_entered, closed, last_activity,
 * lost_reason and amount agree with the history, as crm keeps them.
 *
 * The generator is its own: a splitmix64 stream per deal, seeded from SEED
 * and the deal's number, so the same SEED and N make the same data.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#define N(a)		(sizeof(a) / sizeof(*(a)))
#define DAY		86400
#define WON		(-1)
#define LOST		(-2)
#define MAXEV		24
#define MAXACT		10

/* ---- the funnel: bench/config.yaml is printed from these tables ---- */

enum { VISIT, CALL, EMAIL, MEETING, QUOTE, NOTE, NKINDS };
static const char *const kinds[NKINDS] = {
	"visit", "call", "email", "meeting", "quote", "note"
};
/* How often each kind is logged, out of 100. */
static const int kind_weight[NKINDS] = { 15, 30, 20, 12, 8, 15 };

struct req {
	int	 kind, n;
};

struct stage {
	const char	*name, *label;
	int		 probability, max_days;
	struct req	 req[2];	/* n == 0: none */
};

struct pipeline {
	const char		*name, *comment;
	const struct stage	*stages;
	int			 nstages, share;	/* share of deals, % */
};

static const struct stage project[] = {
	{ "lead", "建立联络", 5, 14, { { 0, 0 } } },
	{ "needs", "确定需求", 10, 21, { { VISIT, 1 }, { CALL, 2 } } },
	{ "proposal", "提交方案", 25, 21, { { MEETING, 1 } } },
	{ "approved", "项目立项", 40, 30, { { VISIT, 1 } } },
	{ "shortlist", "入围", 55, 30, { { 0, 0 } } },
	{ "selected", "选定供应商", 70, 21, { { QUOTE, 1 } } },
	{ "negotiation", "商务谈判", 85, 14, { { 0, 0 } } },
};
static const struct stage product[] = {
	{ "lead", "线索", 10, 7, { { 0, 0 } } },
	{ "demo", "产品演示", 30, 14, { { MEETING, 1 } } },
	{ "quote", "报价", 60, 14, { { QUOTE, 1 } } },
	{ "negotiation", "商务谈判", 80, 10, { { 0, 0 } } },
};
static const struct stage renewal[] = {
	{ "notice", "续约提醒", 20, 30, { { 0, 0 } } },
	{ "quote", "续约报价", 60, 14, { { QUOTE, 1 } } },
	{ "contract", "合同签署", 90, 14, { { MEETING, 1 } } },
};
static const struct pipeline pipes[] = {
	{ "project", "project sales: long, several people on both sides",
	    project, N(project), 50 },
	{ "product", "product sales: short cycle, one buyer",
	    product, N(product), 35 },
	{ "renewal", "renewals of running contracts",
	    renewal, N(renewal), 15 },
};

static const char *const lost_reasons[] = {
	"price", "competitor", "no-budget", "no-decision", "other"
};

/*
 * 200 owners: name i is surname i % 40 and i / 40 + 1.  Owner 0 heads the
 * company; 1-4 are directors under 0; 5-32 managers, seven under each
 * director; 33-199 sales people, about six under each manager.
 */
#define NOWNERS		200
static const char *const surnames[40] = {
	"zhao", "qian", "sun", "li", "zhou", "wu", "zheng", "wang", "feng",
	"chen", "chu", "wei", "jiang", "shen", "han", "yang", "zhu", "qin",
	"you", "xu", "he", "lv", "shi", "zhang", "kong", "cao", "yan", "hua",
	"jin", "tao", "qi", "xie", "zou", "yu", "bai", "shui", "dou", "ma",
	"yun", "su",
};

static void
owner_name(int i, char out[16])
{
	snprintf(out, 16, "%s%d", surnames[i % 40], i / 40 + 1);
}

/* The manager of owner i; -1 for the head. */
static int
manager_of(int i)
{
	if (i == 0)
		return -1;
	if (i <= 4)
		return 0;
	if (i <= 32)
		return 1 + (i - 5) / 7;
	return 5 + (i - 33) % 28;
}

static void
print_config(void)
{
	char name[16];
	size_t p;
	int i, j, k, first;

	puts("# The funnel of make bench's data set: printed by `bench/gen -c`, "
	    "and checked\n# against it by tests/0120-bench-floor.t.  Change "
	    "bench/gen.c, not this file.\n"
	    "currency: CNY\n"
	    "stale:\n"
	    "  idle_days: 15\n"
	    "  hints:\n"
	    "    early: customer has not decided, or nobody followed up\n"
	    "    middle: customer is torn, or quietly chose a competitor\n"
	    "    late: disagreement inside the customer; find the decision "
	    "maker\n"
	    "pipelines:");
	for (p = 0; p < N(pipes); p++) {
		printf("  # %s\n  - name: %s\n    stages:\n", pipes[p].comment,
		    pipes[p].name);
		for (i = 0; i < pipes[p].nstages; i++) {
			const struct stage *s = &pipes[p].stages[i];

			printf("      - { name: %s, label: %s, probability: %d, "
			    "max_days: %d", s->name, s->label, s->probability,
			    s->max_days);
			if (s->req[0].n > 0) {
				fputs(", requires: {", stdout);
				for (k = 0; k < 2 && s->req[k].n > 0; k++)
					printf("%s %s: %d", k ? "," : "",
					    kinds[s->req[k].kind], s->req[k].n);
				fputs(" }", stdout);
			}
			puts(" }");
		}
		fputs("    lost_reasons: [", stdout);
		for (i = 0; i < (int)N(lost_reasons); i++)
			printf("%s%s", i ? ", " : "", lost_reasons[i]);
		puts("]");
	}
	fputs("activity_kinds: [", stdout);
	for (i = 0; i < NKINDS; i++)
		printf("%s%s", i ? ", " : "", kinds[i]);
	puts("]");
	puts("team:");
	for (i = 0; i < NOWNERS; i++) {
		first = 1;
		for (j = 1; j < NOWNERS; j++) {
			if (manager_of(j) != i)
				continue;
			if (first) {
				owner_name(i, name);
				printf("  %s: [", name);
			}
			owner_name(j, name);
			printf("%s%s", first ? "" : ", ", name);
			first = 0;
		}
		if (!first)
			puts("]");
	}
}

/* ---- the random stream ---- */

struct rng {
	uint64_t	 s;
};

static uint64_t
next64(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(struct rng *r)
{
	return (double)(next64(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n). */
static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((next64(r) >> 32) * n) >> 32);
}

/* Exponential with the given mean. */
static double
expo(struct rng *r, double mean)
{
	return -mean * log1p(-unif(r));
}

#define PICK(r, a)	((a)[below((r), N(a))])

/* ---- dates ---- */

/* Days since 1970-01-01 from a civil date, and back (H. Hinnant). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
iso(int64_t t, char out[32])
{
	int y, m, d, secs = (int)(t % DAY);

	civil_from_days(t / DAY, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    secs / 3600, secs / 60 % 60, secs % 60);
}

static void
ymd(int64_t t, char out[11])
{
	int y, m, d;

	civil_from_days(t / DAY, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* CRM_NOW as YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z], taken as UTC. */
static int64_t
parse_now(const char *s)
{
	int y, m, d, hh = 0, mm = 0, ss = 0, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) != 2)
			return -1;
		s += 1 + n;
		if (*s == ':') {
			if (sscanf(s + 1, "%2d%n", &ss, &n) != 1)
				return -1;
			s += 1 + n;
		}
		if (*s == 'Z')
			s++;
	}
	if (*s != '\0')
		return -1;
	return days_from_civil(y, m, d) * DAY + hh * 3600 + mm * 60 + ss;
}

/* ---- names ---- */

static const char *const cn_region[] = {
	"华东", "华南", "华北", "西南", "东北", "江苏", "浙江", "广东", "山东",
	"四川", "湖北", "湖南", "福建", "安徽", "河南", "河北", "陕西", "辽宁",
	"上海", "北京", "天津", "重庆", "深圳", "苏州", "杭州", "南京", "成都",
	"武汉", "青岛", "厦门",
};
static const char *const cn_brand[] = {
	"宏", "华", "瑞", "恒", "信", "达", "盛", "鑫", "泰", "丰", "金", "安",
	"通", "新", "联", "中", "天", "海", "正", "明",
};
static const char *const cn_industry[] = {
	"精密制造", "银行", "物流", "医药", "能源", "电子", "汽车零部件",
	"零售", "化工", "证券", "食品", "纺织", "建材", "钢铁", "航运",
	"保险", "电力", "通信", "传媒", "地产",
};
static const char *const cn_suffix[] = {
	"有限公司", "集团", "股份有限公司", "科技有限公司",
};
static const char *const en_adj[] = {
	"Acme", "Blue", "Northern", "Pacific", "Golden", "Silver", "Rapid",
	"Bright", "Prime", "United", "Global", "Eastern", "Western", "Summit",
	"Crystal", "Evergreen", "Harbor", "Iron", "Lucky", "Modern", "Noble",
	"Orient", "Pioneer", "Quantum", "Red", "Royal", "Solid", "Star",
	"Swift", "Titan", "True", "Union", "Vast", "Vertex", "Vital", "Wise",
	"Young", "Zenith", "Alpine", "Coastal",
};
static const char *const en_noun[] = {
	"River", "Mountain", "Bridge", "Harbour", "Field", "Forest", "Lake",
	"Stone", "Tower", "Gate", "Valley", "Peak", "Bay", "Cloud", "Dragon",
	"Eagle", "Falcon", "Garden", "Horizon", "Island", "Lotus", "Maple",
	"Ocean", "Panda", "Phoenix", "Pine", "Rock", "Sun", "Tiger", "Wave",
	"Wind", "Jade", "Crane", "Bamboo", "Silk", "Tea", "Rice", "Orchid",
	"Pearl", "Plum",
};
static const char *const en_industry[] = {
	"Manufacturing", "Logistics", "Pharma", "Energy", "Electronics",
	"Automotive", "Retail", "Chemicals", "Securities", "Foods", "Textiles",
	"Materials", "Steel", "Shipping", "Insurance", "Power", "Telecom",
	"Media", "Property", "Software",
};
static const char *const en_suffix[] = {
	"Ltd", "Inc", "Co", "Group", "Holdings",
};

/* A distinct name for each account index: even Chinese, odd ASCII. */
static void
account_name(uint32_t idx, char *out, size_t len)
{
	uint32_t a = idx / 2;
	size_t n;

	if (idx % 2 == 0) {
		n = (size_t)snprintf(out, len, "%s%s%s%s%s",
		    cn_region[a % N(cn_region)],
		    cn_brand[a / N(cn_region) % N(cn_brand)],
		    cn_brand[a / N(cn_region) / N(cn_brand) % N(cn_brand)],
		    cn_industry[a / N(cn_region) / N(cn_brand) / N(cn_brand) %
		    N(cn_industry)],
		    cn_suffix[a / N(cn_region) / N(cn_brand) / N(cn_brand) /
		    N(cn_industry) % N(cn_suffix)]);
		a /= N(cn_region) * N(cn_brand) * N(cn_brand) *
		    N(cn_industry) * N(cn_suffix);
		if (a > 0)
			snprintf(out + n, len - n, "第%u分公司", a + 1);
	} else {
		n = (size_t)snprintf(out, len, "%s %s %s %s",
		    en_adj[a % N(en_adj)],
		    en_noun[a / N(en_adj) % N(en_noun)],
		    en_industry[a / N(en_adj) / N(en_noun) % N(en_industry)],
		    en_suffix[a / N(en_adj) / N(en_noun) / N(en_industry) %
		    N(en_suffix)]);
		a /= N(en_adj) * N(en_noun) * N(en_industry) * N(en_suffix);
		if (a > 0)
			snprintf(out + n, len - n, " No. %u", a + 1);
	}
}

static const char *const cn_product[] = {
	"ERP 升级", "MES 系统", "仓储自动化", "数据中心扩容", "视频会议系统",
	"安全审计", "CRM 实施", "云迁移", "供应链平台", "财务共享中心",
	"智能工厂", "门店收银", "车队管理", "质量追溯", "能耗监测",
};
static const char *const cn_phase[] = {
	"", "一期", "二期", "三期", "试点", "扩容", "运维服务",
};
static const char *const en_product[] = {
	"ERP upgrade", "Scanner rollout", "Fleet telematics", "Data platform",
	"Video conferencing", "Security audit", "Cloud migration",
	"Payroll outsourcing", "Warehouse robots", "Store POS refresh",
	"Quality tracing", "Energy monitoring", "Call centre", "SD-WAN",
	"Backup service",
};
static const char *const en_phase[] = {
	"", "phase 2", "phase 3", "pilot", "renewal", "expansion", "support",
};
static const char *const cn_contact[] = {
	"王经理", "李总", "张工", "刘主任", "陈经理", "杨总监", "赵工", "黄经理",
};
static const char *const en_contact[] = {
	"Ms. Chen", "Mr. Smith", "Dr. Liu", "Ms. Garcia", "Mr. Wong",
	"Ms. Tanaka",
};
static const char *const sources[] = {
	"web", "referral", "展会", "cold-call", "partner",
};
static const char *const purposes[] = {
	"了解需求", "产品演示", "报价沟通", "商务谈判", "follow-up",
	"kick-off meeting", "technical Q&A", "contract review",
};
static const char *const notes[] = {
	"客户关注交付周期", "跟进技术方案", "sent the revised quote",
	"met the IT director", "客户要求提供案例", "budget is approved",
	NULL, NULL,
};
static const char *const outcomes[] = {
	"客户认可", "需要内部讨论", "positive", "waiting for budget",
	"asked for a discount", NULL, NULL,
};

/* ---- one deal ---- */

struct ev {
	int64_t		 at;
	int		 to;		/* stage index, WON or LOST */
	int		 forced;
};

struct act {
	int64_t		 at;
	int		 kind;
	const char	*stage, *purpose, *note, *outcome;
};

struct deal {
	int64_t		 id, created, amount;
	int64_t		 old_amount, amount_changed;	/* crm-set -v; 0: none */
	const struct pipeline *p;
	int		 owner, has_account, priority, lost_reason;
	uint32_t	 account;
	char		 title[160], contact[32], owner_s[16];
	char		 expected_close[11], next_action[11];
	const char	*source;
	struct ev	 ev[MAXEV];
	int		 nev;
	struct act	 act[MAXACT];
	int		 nact;
};

static const char *
stage_name(const struct pipeline *p, int to)
{
	return to == WON ? "won" : to == LOST ? "lost" : p->stages[to].name;
}

/* Where each deal stands after the history: the last event. */
static const struct ev *
last(const struct deal *d)
{
	return &d->ev[d->nev - 1];
}

static void
push(struct deal *d, int64_t at, int to)
{
	d->ev[d->nev].at = at;
	d->ev[d->nev].to = to;
	d->ev[d->nev].forced = 0;
	d->nev++;
}

static void
make_history(struct deal *d, struct rng *r, int64_t now)
{
	const struct pipeline *p = d->p;
	int last_stage = p->nstages - 1, cur;
	double pace = 0.3 + 1.2 * unif(r), u;
	int64_t t = d->created, gap;

	u = unif(r);
	cur = u < 0.85 ? 0 : u < 0.95 ? 1 : 2;
	d->nev = 0;
	d->lost_reason = -1;
	push(d, t, cur);
	while (d->nev < MAXEV - 1) {
		gap = 3600 + (int64_t)expo(r, 0.7 * pace *
		    p->stages[cur].max_days * DAY);
		if (unif(r) < 0.07) {
			/*
			 * Stalls.  Most stalled deals are given up in the
			 * end; the rest are still there today.
			 */
			gap = p->stages[cur].max_days * DAY +
			    (int64_t)expo(r, 120.0 * DAY);
			if (t + gap < now && unif(r) < 0.8) {
				t += gap;
				push(d, t, LOST);
				d->lost_reason = 3;	/* no-decision */
			}
			break;
		}
		if (t + gap >= now)
			break;		/* still there today */
		t += gap;
		u = unif(r);
		if (cur == last_stage) {
			cur = u < 0.58 ? WON : u < 0.90 ? LOST :
			    cur > 0 ? cur - 1 : LOST;
		} else if (u < 0.70)
			cur++;
		else if (u < 0.77)
			cur = cur + 2 <= last_stage ? cur + 2 : cur + 1;
		else if (u < 0.84)
			cur = cur > 0 ? cur - 1 : cur + 1;
		else if (u < 0.985)
			cur = LOST;
		else
			cur = WON;
		push(d, t, cur);
		if (cur >= 0)
			continue;
		/* Closed; now and then reopened later. */
		if (unif(r) >= 0.02)
			break;
		gap = DAY + (int64_t)expo(r, 30.0 * DAY);
		if (t + gap >= now)
			break;
		t += gap;
		cur = (int)below(r, (uint32_t)p->nstages);
		push(d, t, cur);
	}
	if (last(d)->to == LOST && d->lost_reason < 0)
		d->lost_reason = (int)below(r, N(lost_reasons));
}

/* The stage the deal was in at time t: the last change at or before t. */
static int
stage_at(const struct deal *d, int64_t t)
{
	int i;

	for (i = d->nev - 1; i > 0 && d->ev[i].at > t; i--)
		continue;
	return d->ev[i].to;
}

static int
pick_kind(struct rng *r)
{
	int k, u = (int)below(r, 100);

	for (k = 0; k < NKINDS - 1; k++) {
		if (u < kind_weight[k])
			break;
		u -= kind_weight[k];
	}
	return k;
}

static void
make_activities(struct deal *d, struct rng *r, int64_t now)
{
	const struct ev *e = last(d);
	int64_t end, t;
	struct act tmp;
	int i, j, k, have, prev;

	if (e->to < 0)
		end = e->at;
	else
		end = now - (int64_t)expo(r, 9.0 * DAY);
	if (end < d->created + 60)
		end = d->created + 60;
	if (end > now)
		end = now;
	d->nact = (int)below(r, 6) + (int)below(r, 6);
	for (i = 0; i < d->nact; i++) {
		d->act[i].at = d->created + (int64_t)(unif(r) *
		    (double)(end - d->created));
		d->act[i].kind = pick_kind(r);
		d->act[i].purpose = PICK(r, purposes);
		d->act[i].note = PICK(r, notes);
		d->act[i].outcome = PICK(r, outcomes);
	}
	/* An open deal's last activity is its most recent follow-up. */
	if (e->to >= 0 && d->nact > 0)
		d->act[0].at = end;
	/* In time order, as they would have been logged. */
	for (i = 1; i < d->nact; i++)
		for (j = i; j > 0 && d->act[j].at < d->act[j - 1].at; j--) {
			tmp = d->act[j];
			d->act[j] = d->act[j - 1];
			d->act[j - 1] = tmp;
		}
	for (i = 0; i < d->nact; i++)
		d->act[i].stage = stage_name(d->p, stage_at(d, d->act[i].at));
	/*
	 * A move forward out of a stage with requires that were not logged
	 * in the stage was forced (crm-advance -F), as crm's gate sees it:
	 * activities from the stage's start to the move, both included.
	 */
	for (i = 1; i < d->nev; i++) {
		prev = d->ev[i - 1].to;
		if (prev < 0 || (d->ev[i].to != WON && d->ev[i].to <= prev))
			continue;
		for (k = 0; k < 2 && d->p->stages[prev].req[k].n > 0; k++) {
			have = 0;
			for (j = 0; j < d->nact; j++) {
				t = d->act[j].at;
				have += d->act[j].kind ==
				    d->p->stages[prev].req[k].kind &&
				    t >= d->ev[i - 1].at && t <= d->ev[i].at;
			}
			if (have < d->p->stages[prev].req[k].n)
				d->ev[i].forced = 1;
		}
	}
}

static void
make_deal(struct deal *d, uint64_t seed, int64_t id, uint32_t naccounts,
    int64_t now)
{
	struct rng r = { seed ^ ((uint64_t)id * 0xd1b54a32d192ed03ULL) };
	int64_t start = now - 730 * (int64_t)DAY, whole, cents, end;
	int cn, u;
	size_t n;

	next64(&r);
	memset(d, 0, sizeof(*d));
	d->id = id;
	u = (int)below(&r, 100);
	d->p = u < pipes[0].share ? &pipes[0] :
	    u < pipes[0].share + pipes[1].share ? &pipes[1] : &pipes[2];
	d->owner = (int)below(&r, NOWNERS);
	owner_name(d->owner, d->owner_s);
	d->created = start + (int64_t)(unif(&r) * (double)(730 * DAY - 3600));
	/* 1,000 to 10,000,000, spread evenly on a log scale. */
	whole = (int64_t)exp(log(1000.0) + unif(&r) * log(10000.0));
	cents = below(&r, 4) == 0 ? below(&r, 100) : 0;
	if (whole >= 100000)
		whole -= whole % 1000;
	d->amount = whole * 100 + cents;
	/* Most deals at a few big accounts, the rest spread thin. */
	d->has_account = below(&r, 10) != 0;
	d->account = (uint32_t)((double)naccounts * pow(unif(&r), 2.0));
	cn = d->has_account ? d->account % 2 == 0 : below(&r, 2) == 0;
	if (cn)
		n = (size_t)snprintf(d->title, sizeof(d->title), "%s",
		    PICK(&r, cn_product));
	else
		n = (size_t)snprintf(d->title, sizeof(d->title), "%s",
		    PICK(&r, en_product));
	u = (int)below(&r, N(cn_phase));
	if (u > 0)
		snprintf(d->title + n, sizeof(d->title) - n, " %s",
		    cn ? cn_phase[u] : en_phase[u]);
	if (below(&r, 10) < 6)
		snprintf(d->contact, sizeof(d->contact), "%s", cn ?
		    PICK(&r, cn_contact) : PICK(&r, en_contact));
	if (below(&r, 10) < 8)
		ymd(d->created + (int64_t)(30 + below(&r, 210)) * DAY,
		    d->expected_close);
	d->priority = below(&r, 10) < 3 ? 1 + (int)below(&r, 3) : 0;
	d->source = below(&r, 2) ? PICK(&r, sources) : NULL;
	make_history(d, &r, now);
	make_activities(d, &r, now);
	/*
	 * One deal in ten was re-priced once (crm-set -v), some time in its
	 * life: amount is the new price, the change keeps the old one.
	 */
	if (below(&r, 10) == 0) {
		end = last(d)->to < 0 ? last(d)->at : now;
		d->amount_changed = d->created + 1 + (int64_t)(unif(&r) *
		    (double)(end - d->created - 1));
		d->old_amount = (int64_t)((double)whole * (0.5 + unif(&r))) *
		    100;
		if (d->old_amount == d->amount)
			d->old_amount += 100;
	}
	if (last(d)->to >= 0 && below(&r, 10) < 4)
		ymd(now + ((int64_t)below(&r, 51) - 20) * DAY, d->next_action);
}

/* ---- output: the import file ---- */

static void
tsv_header(FILE *fp)
{
	fputs("title\taccount\tcontact\towner\tamount\tpipeline\tstage\t"
	    "created\texpected_close\tnext_action\tpriority\tsource\tclosed\t"
	    "lost_reason\n", fp);
}

static void
tsv_deal(FILE *fp, const struct deal *d)
{
	const struct ev *e = last(d);
	char acc[160] = "", created[32], closed[32] = "", amount[40];
	int64_t w = d->amount / 100;

	if (d->has_account)
		account_name(d->account, acc, sizeof(acc));
	iso(d->created, created);
	if (e->to < 0)
		iso(e->at, closed);
	/* One amount in ten with thousands separators: 1,234,567.00. */
	if (d->id % 10 == 0 && w >= 1000000)
		snprintf(amount, sizeof(amount), "%" PRId64 ",%03" PRId64
		    ",%03" PRId64 ".%02" PRId64, w / 1000000, w / 1000 % 1000,
		    w % 1000, d->amount % 100);
	else if (d->id % 10 == 0 && w >= 1000)
		snprintf(amount, sizeof(amount), "%" PRId64 ",%03" PRId64
		    ".%02" PRId64, w / 1000, w % 1000, d->amount % 100);
	else
		snprintf(amount, sizeof(amount), "%" PRId64 ".%02" PRId64, w,
		    d->amount % 100);
	fprintf(fp, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", d->title, acc,
	    d->contact, d->owner_s, amount, d->p->name,
	    stage_name(d->p, e->to), created, d->expected_close,
	    d->next_action);
	if (d->priority)
		fprintf(fp, "%d", d->priority);
	fprintf(fp, "\t%s\t%s\t%s\n", d->source ? d->source : "", closed,
	    e->to == LOST ? lost_reasons[d->lost_reason] : "");
}

/* ---- output: the database ---- */

static sqlite3 *db;
static const char *dbpath;

static void
dbdie(const char *what)
{
	fprintf(stderr, "gen: %s: %s: %s\n", dbpath, what, sqlite3_errmsg(db));
	exit(1);
}

static void
exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		dbdie(sql);
}

static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		dbdie(sql);
	return st;
}

static void
step(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		dbdie("insert");
	sqlite3_reset(st);
}

static void
text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || s[0] == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
int64(sqlite3_stmt *st, int i, int64_t v, int null_if_zero)
{
	if (null_if_zero && v == 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static sqlite3_stmt *ins_deal, *ins_change, *ins_act, *ins_field;
static int64_t next_change = 1, next_act = 1;

static void
db_open(void)
{
	sqlite3_stmt *st;
	int version = 0, deals = -1;

	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		dbdie("open (make it with a crm command first, e.g. "
		    "crm-admin init FILE)");
	st = prepare("PRAGMA user_version");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 1) {
		fprintf(stderr, "gen: %s has no crm schema: run a crm command "
		    "on it first, e.g. crm-ls -D %s\n", dbpath, dbpath);
		exit(1);
	}
	st = prepare("SELECT (SELECT count(*) FROM deal) + "
	    "(SELECT count(*) FROM account)");
	if (sqlite3_step(st) == SQLITE_ROW)
		deals = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (deals != 0) {
		fprintf(stderr, "gen: %s is not empty\n", dbpath);
		exit(1);
	}
	/*
	 * A bulk load: no journal, no sync, a big cache.  The file goes
	 * back to WAL at the end, as crm keeps it.
	 */
	exec("PRAGMA journal_mode = DELETE");
	exec("PRAGMA journal_mode = OFF");
	exec("PRAGMA synchronous = OFF");
	exec("PRAGMA cache_size = -524288");
	exec("PRAGMA temp_store = MEMORY");
	exec("BEGIN");
	ins_deal = prepare("INSERT INTO deal (id, title, account_id, contact, "
	    "owner, amount, currency, pipeline, stage, status, created, "
	    "created_by, stage_entered, closed, expected_close, next_action, "
	    "last_activity, lost_reason, priority, source) VALUES (?, ?, ?, ?, "
	    "?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	ins_change = prepare("INSERT INTO stage_change (id, deal_id, "
	    "from_stage, to_stage, at, by, forced, note) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	ins_act = prepare("INSERT INTO activity (id, deal_id, kind, at, by, "
	    "stage, purpose, note, outcome, next_action) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	ins_field = prepare("INSERT INTO field_change (deal_id, field, old, "
	    "new, at, by, note) VALUES (?, 'amount', ?, ?, ?, ?, ?)");
}

/* crm's indexes, dropped for the load and made again, word for word. */
static char **index_sql;
static size_t nindex;

static void
drop_indexes(void)
{
	sqlite3_stmt *st;
	char **names = NULL, *drop;
	size_t k;

	st = prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
	    "AND sql IS NOT NULL");
	while (sqlite3_step(st) == SQLITE_ROW) {
		index_sql = realloc(index_sql, (nindex + 1) * sizeof(*index_sql));
		names = realloc(names, (nindex + 1) * sizeof(*names));
		if (index_sql == NULL || names == NULL)
			abort();
		names[nindex] = strdup((const char *)sqlite3_column_text(st, 0));
		index_sql[nindex++] = strdup((const char *)
		    sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	for (k = 0; k < nindex; k++) {
		drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[k]);
		exec(drop);
		sqlite3_free(drop);
		free(names[k]);
	}
	free(names);
}

static void
db_deal(const struct deal *d)
{
	const struct ev *e = last(d);
	const char *from = NULL, *status;
	char oldv[32], newv[32];
	int64_t last_act = 0;
	int i;

	status = e->to == WON ? "won" : e->to == LOST ? "lost" : "open";
	for (i = 0; i < d->nact; i++)
		if (d->act[i].at > last_act)
			last_act = d->act[i].at;
	sqlite3_bind_int64(ins_deal, 1, d->id);
	text(ins_deal, 2, d->title);
	if (d->has_account)
		sqlite3_bind_int64(ins_deal, 3, (int64_t)d->account + 1);
	else
		sqlite3_bind_null(ins_deal, 3);
	text(ins_deal, 4, d->contact);
	text(ins_deal, 5, d->owner_s);
	sqlite3_bind_int64(ins_deal, 6, d->amount);
	text(ins_deal, 7, d->p->name);
	text(ins_deal, 8, stage_name(d->p, e->to));
	text(ins_deal, 9, status);
	sqlite3_bind_int64(ins_deal, 10, d->created);
	text(ins_deal, 11, d->owner_s);
	sqlite3_bind_int64(ins_deal, 12, e->at);
	int64(ins_deal, 13, e->to < 0 ? e->at : 0, 1);
	text(ins_deal, 14, d->expected_close);
	text(ins_deal, 15, d->next_action);
	int64(ins_deal, 16, last_act, 1);
	text(ins_deal, 17, e->to == LOST ? lost_reasons[d->lost_reason] : NULL);
	int64(ins_deal, 18, d->priority, 1);
	text(ins_deal, 19, d->source);
	step(ins_deal);

	for (i = 0; i < d->nev; i++) {
		const char *to = stage_name(d->p, d->ev[i].to);

		sqlite3_bind_int64(ins_change, 1, next_change++);
		sqlite3_bind_int64(ins_change, 2, d->id);
		text(ins_change, 3, from);
		text(ins_change, 4, to);
		sqlite3_bind_int64(ins_change, 5, d->ev[i].at);
		text(ins_change, 6, d->owner_s);
		sqlite3_bind_int(ins_change, 7, d->ev[i].forced);
		/* crm-advance -l keeps the reason as the note */
		text(ins_change, 8, d->ev[i].to == LOST ?
		    lost_reasons[d->lost_reason] : NULL);
		step(ins_change);
		from = to;
	}
	if (d->amount_changed) {
		/* as crm-set keeps money: two decimals, no separators */
		snprintf(oldv, sizeof(oldv), "%" PRId64 ".%02" PRId64,
		    d->old_amount / 100, d->old_amount % 100);
		snprintf(newv, sizeof(newv), "%" PRId64 ".%02" PRId64,
		    d->amount / 100, d->amount % 100);
		sqlite3_bind_int64(ins_field, 1, d->id);
		text(ins_field, 2, oldv);
		text(ins_field, 3, newv);
		sqlite3_bind_int64(ins_field, 4, d->amount_changed);
		text(ins_field, 5, d->owner_s);
		text(ins_field, 6, "new quote");
		step(ins_field);
	}
	for (i = 0; i < d->nact; i++) {
		const struct act *a = &d->act[i];

		sqlite3_bind_int64(ins_act, 1, next_act++);
		sqlite3_bind_int64(ins_act, 2, d->id);
		text(ins_act, 3, kinds[a->kind]);
		sqlite3_bind_int64(ins_act, 4, a->at);
		text(ins_act, 5, d->owner_s);
		text(ins_act, 6, a->stage);
		text(ins_act, 7, a->purpose);
		text(ins_act, 8, a->note);
		text(ins_act, 9, a->outcome);
		/* the last activity set the deal's next action, if any */
		text(ins_act, 10, i == d->nact - 1 ? d->next_action : NULL);
		step(ins_act);
	}
}

static void
db_close(const int64_t *acc_created, uint32_t naccounts)
{
	sqlite3_stmt *st;
	char name[160];
	uint32_t i;
	size_t k;

	st = prepare("INSERT INTO account (id, name, created) VALUES (?, ?, ?)");
	for (i = 0; i < naccounts; i++) {
		if (acc_created[i] == INT64_MAX)
			continue;	/* no deal: never made */
		account_name(i, name, sizeof(name));
		sqlite3_bind_int64(st, 1, (int64_t)i + 1);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, acc_created[i]);
		step(st);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ins_deal);
	sqlite3_finalize(ins_change);
	sqlite3_finalize(ins_act);
	sqlite3_finalize(ins_field);
	for (k = 0; k < nindex; k++) {
		exec(index_sql[k]);
		free(index_sql[k]);
	}
	free(index_sql);
	exec("COMMIT");
	exec("PRAGMA journal_mode = WAL");
	if (sqlite3_close(db) != SQLITE_OK)
		dbdie("close");
}

/* ---- main ---- */

static void
usage(void)
{
	fprintf(stderr, "usage: gen -c\n"
	    "       gen [-v] [-n deals] [-s seed] [-d db] [-t tsv]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct deal d;
	const char *tsvpath = NULL, *s;
	FILE *tsv = NULL;
	int64_t n = 1000000, now = 1795510800, i, *acc_created = NULL;
	int64_t nchanges = 0, nacts = 0, status[3] = { 0 };
	uint64_t seed = 20261124;
	uint32_t naccounts;
	int ch, verbose = 0, config = 0;
	char *end;

	if ((s = getenv("BENCH_N")) != NULL && s[0] != '\0')
		n = strtoll(s, NULL, 10);
	if ((s = getenv("CRM_NOW")) != NULL && s[0] != '\0' &&
	    (now = parse_now(s)) < 0) {
		fprintf(stderr, "gen: CRM_NOW '%s': want YYYY-MM-DDTHH:MM:SSZ\n",
		    s);
		return 2;
	}
	while ((ch = getopt(argc, argv, "cd:n:s:t:v")) != -1) {
		switch (ch) {
		case 'c':
			config = 1;
			break;
		case 'd':
			dbpath = optarg;
			break;
		case 'n':
			errno = 0;
			n = strtoll(optarg, &end, 10);
			if (errno || *end != '\0')
				usage();
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			tsvpath = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (config) {
		print_config();
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (n < 1 || n > 100000000) {
		fprintf(stderr, "gen: %" PRId64 " deals: want 1 to 100000000\n",
		    n);
		return 2;
	}
	if (dbpath == NULL && tsvpath == NULL)
		usage();
	naccounts = (uint32_t)(n / 4 < 50 ? 50 : n / 4);
	if (tsvpath != NULL) {
		if ((tsv = fopen(tsvpath, "w")) == NULL) {
			perror(tsvpath);
			return 1;
		}
		setvbuf(tsv, NULL, _IOFBF, 1 << 20);
		tsv_header(tsv);
	}
	if (dbpath != NULL) {
		acc_created = malloc(naccounts * sizeof(*acc_created));
		if (acc_created == NULL)
			abort();
		for (i = 0; i < naccounts; i++)
			acc_created[i] = INT64_MAX;
		db_open();
		drop_indexes();
	}
	for (i = 1; i <= n; i++) {
		make_deal(&d, seed, i, naccounts, now);
		if (tsv != NULL)
			tsv_deal(tsv, &d);
		if (dbpath != NULL) {
			db_deal(&d);
			if (d.has_account && d.created < acc_created[d.account])
				acc_created[d.account] = d.created;
		}
		nchanges += d.nev;
		nacts += d.nact;
		status[last(&d)->to == WON ? 1 : last(&d)->to == LOST ? 2 : 0]++;
	}
	if (tsv != NULL && (fflush(tsv) == EOF || ferror(tsv) ||
	    fclose(tsv) == EOF)) {
		perror(tsvpath);
		return 1;
	}
	if (dbpath != NULL)
		db_close(acc_created, naccounts);
	free(acc_created);
	if (verbose)
		fprintf(stderr, "gen: %" PRId64 " deals (%" PRId64 " open, %"
		    PRId64 " won, %" PRId64 " lost), %" PRId64 " stage changes "
		    "(%.2f a deal), %" PRId64 " activities (%.2f a deal)\n", n,
		    status[0], status[1], status[2], nchanges,
		    (double)nchanges / (double)n, nacts,
		    (double)nacts / (double)n);
	return 0;
}
